import * as mariadb from 'mariadb';
import { Client } from 'pg';
import { SUBGRAPH_NAMES, readConfig, type SubgraphName } from '@retail/common';
import { assertSafeDatabaseName, parseDatabaseUrl } from './database-url';
import { mariaDbConnectionConfig } from './mariadb-migrations';
import { postgresClientConfig } from './postgres-migrations';
import { readDatabaseUrls } from './prepare-databases';

/** The administrators' connections of a deployment's database servers, used only by the setup job. */
export interface DatabaseAdminUrls {
  /** `POSTGRES_ADMIN_URL`: a PostgreSQL role allowed to create roles and databases. */
  postgres?: string;
  /** `MARIADB_ADMIN_URL`: a MariaDB user allowed to create users and databases and grant on them. */
  mariadb?: string;
}

export function readDatabaseAdminUrls(env: NodeJS.ProcessEnv = process.env): DatabaseAdminUrls {
  return readConfig(
    (reader) => ({
      postgres: reader.optionalString('POSTGRES_ADMIN_URL'),
      mariadb: reader.optionalString('MARIADB_ADMIN_URL'),
    }),
    env,
  );
}

/**
 * Gives every service a database user of its own: for each service whose database URL names a user other
 * than the server's administrator, creates that user with the URL's password (or resets the password, so a
 * rotated secret takes effect on the next setup run) and its database, owned by (PostgreSQL) or fully granted
 * to (MariaDB) that user alone. Migrations and seeds then run as the service's own user, which owns its
 * tables. Does nothing for a server without an admin URL (local development connects as the superuser).
 * Returns the users it provisioned.
 */
export async function provisionDatabaseUsers(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ service: SubgraphName; user: string; database: string }[]> {
  const admin = readDatabaseAdminUrls(env);
  const urls = readDatabaseUrls(env);
  const provisioned: { service: SubgraphName; user: string; database: string }[] = [];
  for (const service of SUBGRAPH_NAMES) {
    const target = parseDatabaseUrl(urls[service]);
    const adminUrl = target.provider === 'postgresql' ? admin.postgres : admin.mariadb;
    if (!adminUrl || parseDatabaseUrl(withAnyDatabase(adminUrl)).user === target.user) continue;
    assertSafeUserName(target.user);
    assertSafeDatabaseName(target.database);
    if (target.provider === 'postgresql') await provisionPostgres(adminUrl, target.user, target.password, target.database);
    else await provisionMariaDb(adminUrl, target.user, target.password, target.database);
    provisioned.push({ service, user: target.user, database: target.database });
  }
  return provisioned;
}

async function provisionPostgres(adminUrl: string, user: string, password: string, database: string): Promise<void> {
  const client = new Client(postgresClientConfig(withAnyDatabase(adminUrl), 'postgres'));
  await client.connect();
  try {
    const role = client.escapeIdentifier(user);
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user]);
    // DDL takes no parameters: the password goes in as an escaped literal.
    const verb = exists.rowCount ? 'ALTER' : 'CREATE';
    await client.query(`${verb} ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${client.escapeLiteral(password)}`);
    const db = client.escapeIdentifier(database);
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (existing.rowCount) await client.query(`ALTER DATABASE ${db} OWNER TO ${role}`);
    else await client.query(`CREATE DATABASE ${db} OWNER ${role}`);
    // Nobody else may connect to it (CONNECT is granted to PUBLIC by default).
    await client.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`);
  } finally {
    await client.end();
  }
}

async function provisionMariaDb(adminUrl: string, user: string, password: string, database: string): Promise<void> {
  const connection = await mariadb.createConnection(mariaDbConnectionConfig(withAnyDatabase(adminUrl), null));
  try {
    // The connector escapes `?` values on the client, which DDL needs (it takes no server-side parameters).
    await connection.query(`CREATE USER IF NOT EXISTS ?@'%' IDENTIFIED BY ?`, [user, password]);
    await connection.query(`ALTER USER ?@'%' IDENTIFIED BY ?`, [user, password]);
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await connection.query(`GRANT ALL PRIVILEGES ON \`${database}\`.* TO ?@'%'`, [user]);
  } finally {
    await connection.end();
  }
}

/** Admin URLs may omit the database; the URL parser wants one. */
function withAnyDatabase(url: string): string {
  const parsed = new URL(url);
  if (parsed.pathname === '' || parsed.pathname === '/') parsed.pathname = parsed.protocol.startsWith('postgres') ? '/postgres' : '/mysql';
  return parsed.toString();
}

function assertSafeUserName(user: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(user)) throw new Error(`Unsafe database user name "${user}": use lower-case letters, digits and _`);
}
