import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mariadb from 'mariadb';
import { Client } from 'pg';
import { DEFAULT_DATABASE_URLS } from '@retail/common';
import { withDatabase } from '../database-url';
import { mariaDbConnectionConfig } from '../mariadb-migrations';
import { checksumOf } from '../migration-files';
import {
  applyMigrations,
  createDatabase,
  dropDatabase,
  migrationStatus,
  MigrationError,
} from '../migration-runner';
import { postgresClientConfig } from '../postgres-migrations';

interface Dialect {
  name: string;
  baseUrl: string;
  createTable(table: string): string;
  sleep: string;
  query(url: string, sql: string): Promise<Array<Record<string, unknown>>>;
}

const dialects: Dialect[] = [
  {
    name: 'PostgreSQL',
    baseUrl: process.env.ACCOUNTS_DATABASE_URL || DEFAULT_DATABASE_URLS.accounts,
    createTable: (table) => `CREATE TABLE "${table}" ("id" INTEGER NOT NULL PRIMARY KEY);`,
    sleep: 'SELECT pg_sleep(0.5);',
    async query(url, sql) {
      const client = new Client(postgresClientConfig(url));
      await client.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        await client.end();
      }
    },
  },
  {
    name: 'MariaDB',
    baseUrl: process.env.PAYMENTS_DATABASE_URL || DEFAULT_DATABASE_URLS.payments,
    createTable: (table) => `CREATE TABLE \`${table}\` (\`id\` INTEGER NOT NULL, PRIMARY KEY (\`id\`));`,
    sleep: 'SELECT SLEEP(0.5);',
    async query(url, sql) {
      const connection = await mariadb.createConnection(mariaDbConnectionConfig(url));
      try {
        return await connection.query(sql);
      } finally {
        await connection.end();
      }
    },
  },
];

describe.each(dialects)('migration runner on $name', (dialect) => {
  let url: string;
  let dir: string;

  beforeEach(async () => {
    url = withDatabase(dialect.baseUrl, `retail_test_runner_${randomBytes(6).toString('hex')}`);
    await createDatabase(url);
    dir = mkdtempSync(join(tmpdir(), 'retail-migrations-'));
  });

  afterEach(async () => {
    await dropDatabase(url);
    rmSync(dir, { recursive: true, force: true });
  });

  function addMigration(name: string, script: string): void {
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(join(dir, name, 'migration.sql'), script);
  }

  const rows = () =>
    dialect.query(
      url,
      `SELECT migration_name, checksum, finished_at, logs, applied_steps_count, rolled_back_at
         FROM _prisma_migrations ORDER BY migration_name`,
    );

  it('applies every migration in name order and records each like Prisma does', async () => {
    addMigration('20240102000000_second', dialect.createTable('second'));
    addMigration('20240101000000_first', dialect.createTable('first'));

    const result = await applyMigrations(url, dir);

    expect(result.applied).toEqual(['20240101000000_first', '20240102000000_second']);
    const recorded = await rows();
    expect(recorded.map((row) => row.migration_name)).toEqual(result.applied);
    expect(recorded[0].checksum).toBe(checksumOf(dialect.createTable('first')));
    for (const row of recorded) {
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(Number(row.applied_steps_count)).toBe(1);
      expect(row.logs).toBeNull();
    }
    await expect(dialect.query(url, 'SELECT COUNT(*) AS n FROM second')).resolves.toHaveLength(1);
  });

  it('does nothing on a second run', async () => {
    addMigration('20240101000000_first', dialect.createTable('first'));
    await applyMigrations(url, dir);

    await expect(applyMigrations(url, dir)).resolves.toEqual({ applied: [] });
    expect(await rows()).toHaveLength(1);
  });

  it('records a failing migration with its logs and refuses to run again until it is resolved', async () => {
    addMigration('20240101000000_first', dialect.createTable('first'));
    addMigration('20240102000000_broken', 'CREATE TABLE broken (id NOT_A_TYPE);');

    await expect(applyMigrations(url, dir)).rejects.toThrow(/20240102000000_broken failed to apply/);
    const failed = (await rows()).find((row) => row.migration_name === '20240102000000_broken');
    expect(failed?.finished_at).toBeNull();
    expect(String(failed?.logs)).toContain('20240102000000_broken');

    writeFileSync(join(dir, '20240102000000_broken', 'migration.sql'), dialect.createTable('fixed'));
    await expect(applyMigrations(url, dir)).rejects.toThrow(/failed migrations.*20240102000000_broken/);
    expect((await migrationStatus(url, dir)).failed).toEqual(['20240102000000_broken']);

    await dialect.query(url, 'UPDATE _prisma_migrations SET rolled_back_at = CURRENT_TIMESTAMP WHERE finished_at IS NULL');
    await expect(applyMigrations(url, dir)).resolves.toEqual({ applied: ['20240102000000_broken'] });
  });

  it('refuses to run when an applied migration was edited, applying nothing', async () => {
    addMigration('20240101000000_first', dialect.createTable('first'));
    await applyMigrations(url, dir);
    writeFileSync(join(dir, '20240101000000_first', 'migration.sql'), dialect.createTable('first') + '\n-- edited');
    addMigration('20240102000000_second', dialect.createTable('second'));

    await expect(applyMigrations(url, dir)).rejects.toThrow(MigrationError);
    await expect(applyMigrations(url, dir)).rejects.toThrow(/modified after they were applied: 20240101000000_first/);
    expect(await rows()).toHaveLength(1);
    expect(await migrationStatus(url, dir)).toMatchObject({
      edited: ['20240101000000_first'],
      pending: ['20240102000000_second'],
    });
  });

  it('applies each migration once when two processes migrate the same database at the same time', async () => {
    addMigration('20240101000000_slow', `${dialect.sleep}\n${dialect.createTable('slow')}`);
    addMigration('20240102000000_second', dialect.createTable('second'));

    const [one, two] = await Promise.all([applyMigrations(url, dir), applyMigrations(url, dir)]);

    expect([...one.applied, ...two.applied].sort()).toEqual(['20240101000000_slow', '20240102000000_second']);
    expect([one.applied.length, two.applied.length].sort()).toEqual([0, 2]);
    expect(await rows()).toHaveLength(2);
  });

  it('reports applied and pending migrations', async () => {
    addMigration('20240101000000_first', dialect.createTable('first'));
    await applyMigrations(url, dir);
    addMigration('20240102000000_second', dialect.createTable('second'));

    await expect(migrationStatus(url, dir)).resolves.toEqual({
      applied: ['20240101000000_first'],
      pending: ['20240102000000_second'],
      failed: [],
      edited: [],
      missing: [],
    });
  });

  it('creates a database only when it does not exist', async () => {
    const other = withDatabase(dialect.baseUrl, `retail_test_create_${randomBytes(6).toString('hex')}`);
    try {
      await expect(createDatabase(other)).resolves.toBe(true);
      await expect(createDatabase(other)).resolves.toBe(false);
    } finally {
      await dropDatabase(other);
    }
  });
});
