import * as mariadb from 'mariadb';
import { assertSafeDatabaseName, parseDatabaseUrl } from './database-url';
import {
  SELECT_MIGRATIONS,
  toAppliedMigration,
  type AppliedMigration,
  type MigrationRow,
  type MigrationStore,
} from './migration-store';

// Prisma's MySQL connector takes this named lock (`GET_LOCK('prisma_migrate', 10)`); sharing it keeps the CLI out.
const PRISMA_LOCK_NAME = 'prisma_migrate';

// Byte for byte what the schema engine's MySQL connector runs.
export const MYSQL_MIGRATIONS_TABLE_DDL = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             DATETIME(3),
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          DATETIME(3),
    started_at              DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    applied_steps_count     INTEGER UNSIGNED NOT NULL DEFAULT 0
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
`;

export function mariaDbConnectionConfig(url: string, database?: string | null): mariadb.ConnectionConfig {
  const target = parseDatabaseUrl(url);
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: database === null ? undefined : (database ?? target.database),
    multipleStatements: true,
    // Timestamps are stored and read as UTC, like Prisma does.
    timezone: 'Z',
  };
}

/** `_prisma_migrations` on one MariaDB/MySQL database, over a single connection (named locks are per session). */
export class MariaDbMigrationStore implements MigrationStore {
  private constructor(
    private readonly connection: mariadb.Connection,
    private readonly database: string,
  ) {}

  static async connect(url: string): Promise<MariaDbMigrationStore> {
    const connection = await mariadb.createConnection(mariaDbConnectionConfig(url));
    return new MariaDbMigrationStore(connection, parseDatabaseUrl(url).database);
  }

  async lock(timeoutSeconds: number): Promise<void> {
    const rows: Array<{ acquired: number | bigint | null }> = await this.connection.query(
      'SELECT GET_LOCK(?, ?) AS acquired',
      [PRISMA_LOCK_NAME, Math.max(1, Math.round(timeoutSeconds))],
    );
    if (Number(rows[0].acquired) !== 1) {
      throw new Error(`Timed out after ${timeoutSeconds}s waiting for the migrate lock; another migration is running`);
    }
  }

  async unlock(): Promise<void> {
    await this.connection.query('SELECT RELEASE_LOCK(?)', [PRISMA_LOCK_NAME]);
  }

  async hasMigrationsTable(): Promise<boolean> {
    const rows: unknown[] = await this.connection.query(
      `SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = '_prisma_migrations'`,
      [this.database],
    );
    return rows.length > 0;
  }

  async ensureMigrationsTable(): Promise<void> {
    if (!(await this.hasMigrationsTable())) await this.connection.query(MYSQL_MIGRATIONS_TABLE_DDL);
  }

  async appliedMigrations(): Promise<AppliedMigration[]> {
    const rows: MigrationRow[] = await this.connection.query(SELECT_MIGRATIONS);
    return rows.map(toAppliedMigration);
  }

  async recordStarted(id: string, checksum: string, migrationName: string): Promise<void> {
    await this.connection.query(
      `INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name, applied_steps_count)
       VALUES (?, ?, CURRENT_TIMESTAMP(3), ?, 0)`,
      [id, checksum, migrationName],
    );
  }

  async runScript(script: string): Promise<void> {
    // MySQL commits DDL statement by statement; like Prisma, a failure leaves the earlier statements applied.
    await this.connection.query(script);
  }

  async recordFinished(id: string): Promise<void> {
    await this.connection.query(
      `UPDATE _prisma_migrations
          SET finished_at = CURRENT_TIMESTAMP(3), applied_steps_count = applied_steps_count + 1
        WHERE id = ?`,
      [id],
    );
  }

  async recordFailed(id: string, logs: string): Promise<void> {
    await this.connection.query('UPDATE _prisma_migrations SET logs = ? WHERE id = ?', [logs, id]);
  }

  async close(): Promise<void> {
    await this.connection.end();
  }
}

/** Creates the database unless it exists, with the character set Prisma uses. Returns true when it was created. */
export async function createMariaDbDatabase(url: string): Promise<boolean> {
  const { database } = parseDatabaseUrl(url);
  return withServerConnection(url, async (connection) => {
    const result: { warningStatus?: number } = await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    // "IF NOT EXISTS" on an existing database succeeds with a warning instead of creating it.
    return !result.warningStatus;
  });
}

export async function dropMariaDbDatabase(url: string): Promise<void> {
  const { database } = parseDatabaseUrl(url);
  assertSafeDatabaseName(database);
  await withServerConnection(url, (connection) => connection.query(`DROP DATABASE IF EXISTS \`${database}\``));
}

export function mariaDbErrorLogs(error: unknown): string {
  const details = error as { errno?: unknown; sqlMessage?: unknown; message?: unknown } | null;
  const message = typeof details?.sqlMessage === 'string' ? details.sqlMessage : String(details?.message ?? error);
  return typeof details?.errno === 'number'
    ? `Database error code: ${details.errno}\n\nDatabase error:\n${message}\n`
    : `${message}\n`;
}

async function withServerConnection<T>(url: string, work: (connection: mariadb.Connection) => Promise<T>): Promise<T> {
  const connection = await mariadb.createConnection(mariaDbConnectionConfig(url, null));
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}
