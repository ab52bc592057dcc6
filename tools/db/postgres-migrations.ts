import { Client, type ClientConfig } from 'pg';
import { assertSafeDatabaseName, parseDatabaseUrl } from './database-url';
import {
  SELECT_MIGRATIONS,
  toAppliedMigration,
  type AppliedMigration,
  type MigrationRow,
  type MigrationStore,
} from './migration-store';

// Prisma's own lock key ("a unique number we chose to identify Migrate"), shared with `prisma migrate`.
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

// Byte for byte what the schema engine's PostgreSQL connector runs.
export const POSTGRES_MIGRATIONS_TABLE_DDL = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

export function postgresClientConfig(url: string, database?: string): ClientConfig {
  const target = parseDatabaseUrl(url);
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password || undefined,
    database: database ?? target.database,
  };
}

/** `_prisma_migrations` on one PostgreSQL database, over a single session (advisory locks are per session). */
export class PostgresMigrationStore implements MigrationStore {
  private constructor(private readonly client: Client) {}

  static async connect(url: string): Promise<PostgresMigrationStore> {
    const client = new Client(postgresClientConfig(url));
    await client.connect();
    // A server-side error on an idle session must not crash the process; the next query reports it.
    client.on('error', () => undefined);
    return new PostgresMigrationStore(client);
  }

  async lock(timeoutSeconds: number): Promise<void> {
    await this.client.query(`SET lock_timeout = '${Math.max(1, Math.round(timeoutSeconds))}s'`);
    try {
      await this.client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
    } catch (error) {
      if (errorCode(error) === '55P03') {
        throw new Error(
          `Timed out after ${timeoutSeconds}s waiting for the migrate lock; another migration is running`,
        );
      }
      throw error;
    } finally {
      await this.client.query('RESET lock_timeout');
    }
  }

  async unlock(): Promise<void> {
    await this.client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
  }

  async hasMigrationsTable(): Promise<boolean> {
    const result = await this.client.query<{ present: boolean }>(
      `SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`,
    );
    return result.rows[0].present;
  }

  async ensureMigrationsTable(): Promise<void> {
    if (!(await this.hasMigrationsTable())) await this.client.query(POSTGRES_MIGRATIONS_TABLE_DDL);
  }

  async appliedMigrations(): Promise<AppliedMigration[]> {
    const result = await this.client.query<MigrationRow>(SELECT_MIGRATIONS);
    return result.rows.map(toAppliedMigration);
  }

  async recordStarted(id: string, checksum: string, migrationName: string): Promise<void> {
    await this.client.query(
      `INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name, applied_steps_count)
       VALUES ($1, $2, now(), $3, 0)`,
      [id, checksum, migrationName],
    );
  }

  async runScript(script: string): Promise<void> {
    // Without parameters pg uses the simple query protocol: the statements run as one implicit transaction.
    await this.client.query(script);
  }

  async recordFinished(id: string): Promise<void> {
    await this.client.query(
      `UPDATE _prisma_migrations SET finished_at = now(), applied_steps_count = applied_steps_count + 1 WHERE id = $1`,
      [id],
    );
  }

  async recordFailed(id: string, logs: string): Promise<void> {
    await this.client.query(`UPDATE _prisma_migrations SET logs = $2 WHERE id = $1`, [id, logs]);
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

/** Creates the database unless it exists. Returns true when it was created. */
export async function createPostgresDatabase(url: string): Promise<boolean> {
  const { database } = parseDatabaseUrl(url);
  return withMaintenanceClient(url, async (client) => {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (existing.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE "${database}"`);
      return true;
    } catch (error) {
      // Lost a race with another process creating the same database.
      if (errorCode(error) === '42P04') return false;
      throw error;
    }
  });
}

/** Drops the database if it exists, closing any sessions still connected to it. */
export async function dropPostgresDatabase(url: string): Promise<void> {
  const { database } = parseDatabaseUrl(url);
  assertSafeDatabaseName(database);
  await withMaintenanceClient(url, (client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
}

export function postgresErrorLogs(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code ? `Database error code: ${code}\n\nDatabase error:\n${message}\n` : `${message}\n`;
}

async function withMaintenanceClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(postgresClientConfig(url, 'postgres'));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
