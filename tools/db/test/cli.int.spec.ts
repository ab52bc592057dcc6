import { randomBytes } from 'node:crypto';
import { DEFAULT_DATABASE_URLS, envName, SUBGRAPH_NAMES } from '@retail/common';
import { runCli } from '../cli';
import { withDatabase } from '../database-url';
import { dropDatabase, migrationStatus } from '../migration-runner';
import { migrationsDir, readMigrations } from '../migration-files';
import { prepareDatabases } from '../prepare-databases';

describe('database CLI', () => {
  const suffix = randomBytes(5).toString('hex');
  const urls = Object.fromEntries(
    SUBGRAPH_NAMES.map((service) => [
      service,
      withDatabase(DEFAULT_DATABASE_URLS[service], `retail_test_cli_${service}_${suffix}`),
    ]),
  ) as Record<(typeof SUBGRAPH_NAMES)[number], string>;
  const env = Object.fromEntries(SUBGRAPH_NAMES.map((service) => [envName(service, 'DATABASE_URL'), urls[service]]));
  let output: string[];
  const out = (line: string) => output.push(line);

  beforeEach(() => {
    output = [];
  });

  afterAll(async () => {
    await Promise.all(SUBGRAPH_NAMES.map((service) => dropDatabase(urls[service])));
  });

  it('creates and migrates every database, then reports them up to date', async () => {
    await expect(runCli(['migrate'], env, out)).resolves.toBe(0);
    for (const service of SUBGRAPH_NAMES) {
      const names = readMigrations(migrationsDir(service)).map((migration) => migration.name);
      expect(output).toContain(`${service}: applied ${names.join(', ')}`);
    }

    output = [];
    await expect(runCli(['status'], env, out)).resolves.toBe(0);
    expect(output.filter((line) => line.includes('pending: -'))).toHaveLength(SUBGRAPH_NAMES.length);
  });

  it('prepares all databases programmatically, applying nothing twice', async () => {
    const prepared = await prepareDatabases(urls);
    expect(prepared.map((database) => database.service)).toEqual([...SUBGRAPH_NAMES]);
    expect(prepared.every((database) => database.applied.length === 0)).toBe(true);
  });

  it('resets one database to a freshly migrated state', async () => {
    await expect(runCli(['reset', 'payments'], env, out)).resolves.toBe(0);
    expect(output[0]).toMatch(/^payments: dropped/);
    await expect(migrationStatus(urls.payments, migrationsDir('payments'))).resolves.toMatchObject({ pending: [] });
  });

  it('refuses to reset in production', async () => {
    await expect(runCli(['reset', 'payments'], { ...env, NODE_ENV: 'production' }, out)).resolves.toBe(2);
    expect(output.join('\n')).toMatch(/refused when NODE_ENV=production/);
  });

  it('writes no migration when schema.prisma matches the migrations', async () => {
    await expect(runCli(['new', 'catalog', 'nothing'], env, out)).resolves.toBe(0);
    expect(output).toEqual(['catalog: schema.prisma matches the migrations; no migration written']);
  });

  it('explains how MySQL migrations are written instead of generating one', async () => {
    await expect(runCli(['new', 'payments', 'add_column'], env, out)).resolves.toBe(0);
    expect(output.join('\n')).toMatch(/written by hand/);
  });

  it('rejects an unknown service', async () => {
    await expect(runCli(['migrate', 'inventory'], env, out)).rejects.toThrow(/Unknown service inventory/);
  });
});
