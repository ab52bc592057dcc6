import { randomBytes } from 'node:crypto';
import * as mariadb from 'mariadb';
import { Client } from 'pg';
import { provisionDatabaseUsers } from '../database-users';
import { migrationsDir } from '../migration-files';
import { applyMigrations, dropDatabase } from '../migration-runner';

const suffix = randomBytes(4).toString('hex');
const accounts = { user: `accounts_${suffix}`, database: `retail_users_${suffix}_accounts` };
const payments = { user: `payments_${suffix}`, database: `retail_users_${suffix}_payments` };
const accountsUrl = (password: string) => `postgresql://${accounts.user}:${password}@127.0.0.1:5432/${accounts.database}`;
const paymentsUrl = (password: string) => `mysql://${payments.user}:${password}@127.0.0.1:3306/${payments.database}`;
const ADMIN_ENV = {
  POSTGRES_ADMIN_URL: 'postgresql://postgres@127.0.0.1:5432/postgres',
  MARIADB_ADMIN_URL: 'mysql://root@127.0.0.1:3306',
  // Catalog and orders connect as the administrator here: nothing to provision for them.
  CATALOG_DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/retail_users_${suffix}_catalog`,
  ORDERS_DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/retail_users_${suffix}_orders`,
};

async function postgresTables(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ tablename: string; tableowner: string }>(
      "SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    return result.rows.map((row) => `${row.tablename}:${row.tableowner}`);
  } finally {
    await client.end();
  }
}

async function mariaDbDatabasesVisibleTo(url: string): Promise<string[]> {
  const parsed = new URL(url);
  const connection = await mariadb.createConnection({
    host: parsed.hostname,
    port: Number(parsed.port),
    user: parsed.username,
    password: parsed.password,
  });
  try {
    const rows: { Database: string }[] = await connection.query('SHOW DATABASES');
    return rows.map((row) => row.Database).filter((name) => name !== 'information_schema');
  } finally {
    await connection.end();
  }
}

async function passwordVerifier(role: string): Promise<string> {
  const client = new Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  try {
    const result = await client.query<{ rolpassword: string }>('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [role]);
    return result.rows[0]!.rolpassword;
  } finally {
    await client.end();
  }
}

describe(provisionDatabaseUsers.name, () => {
  let firstVerifier = '';

  afterAll(async () => {
    await dropDatabase(`postgresql://postgres@127.0.0.1:5432/${accounts.database}`);
    await dropDatabase(`mysql://root@127.0.0.1:3306/${payments.database}`);
    const pg = new Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres' });
    await pg.connect();
    await pg.query(`DROP ROLE IF EXISTS "${accounts.user}"`);
    await pg.end();
    const maria = await mariadb.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
    await maria.query(`DROP USER IF EXISTS ?@'%'`, [payments.user]);
    await maria.end();
  });

  it('creates a user and a database per service, and the service migrates its own database as that user', async () => {
    const provisioned = await provisionDatabaseUsers({
      ...ADMIN_ENV,
      ACCOUNTS_DATABASE_URL: accountsUrl('first-secret'),
      PAYMENTS_DATABASE_URL: paymentsUrl('first-secret'),
    });
    expect(provisioned).toEqual([
      { service: 'accounts', ...accounts },
      { service: 'payments', ...payments },
    ]);

    await applyMigrations(accountsUrl('first-secret'), migrationsDir('accounts'));
    await applyMigrations(paymentsUrl('first-secret'), migrationsDir('payments'));
    const tables = await postgresTables(accountsUrl('first-secret'));
    expect(tables).toContain(`User:${accounts.user}`);
    expect(tables.every((table) => table.endsWith(`:${accounts.user}`))).toBe(true);
    // The payments user sees its own database and no other.
    expect(await mariaDbDatabasesVisibleTo(paymentsUrl('first-secret'))).toEqual([payments.database]);
    firstVerifier = await passwordVerifier(accounts.user);
  });

  it('resets the passwords on a later run, so a rotated secret takes effect', async () => {
    await provisionDatabaseUsers({
      ...ADMIN_ENV,
      ACCOUNTS_DATABASE_URL: accountsUrl('rotated-secret'),
      PAYMENTS_DATABASE_URL: paymentsUrl('rotated-secret'),
    });
    // The local PostgreSQL trusts loopback connections, so the new password shows in its stored verifier instead.
    expect(await passwordVerifier(accounts.user)).not.toBe(firstVerifier);
    expect(await passwordVerifier(accounts.user)).toMatch(/^SCRAM-SHA-256\$/);
    expect(await mariaDbDatabasesVisibleTo(paymentsUrl('rotated-secret'))).toEqual([payments.database]);
    await expect(mariaDbDatabasesVisibleTo(paymentsUrl('first-secret'))).rejects.toThrow(/Access denied/);
  });

  it('provisions nothing without admin URLs (local development connects as the superuser)', async () => {
    expect(await provisionDatabaseUsers({ ACCOUNTS_DATABASE_URL: accountsUrl('x') })).toEqual([]);
  });
});
