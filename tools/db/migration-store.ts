/**
 * What the runner needs from one database connection: Prisma's advisory lock, its `_prisma_migrations` table and a
 * way to run a whole migration script. `postgres-migrations.ts` and `mariadb-migrations.ts` implement it.
 */
export interface AppliedMigration {
  id: string;
  checksum: string;
  migrationName: string;
  startedAt: Date;
  finishedAt: Date | null;
  rolledBackAt: Date | null;
  logs: string | null;
  appliedStepsCount: number;
}

export interface MigrationStore {
  /** Waits for the migrate lock Prisma itself takes, so the CLI and this runner never migrate together. */
  lock(timeoutSeconds: number): Promise<void>;
  unlock(): Promise<void>;
  /** Creates `_prisma_migrations` with Prisma's DDL unless it exists. */
  ensureMigrationsTable(): Promise<void>;
  hasMigrationsTable(): Promise<boolean>;
  /** All rows, oldest first. */
  appliedMigrations(): Promise<AppliedMigration[]>;
  recordStarted(id: string, checksum: string, migrationName: string): Promise<void>;
  /** Runs the script as one unit (one simple query on PostgreSQL, a multi-statement query on MariaDB). */
  runScript(script: string): Promise<void>;
  recordFinished(id: string): Promise<void>;
  recordFailed(id: string, logs: string): Promise<void>;
  close(): Promise<void>;
}

/** `_prisma_migrations` as both drivers return it; the query is the same on PostgreSQL and MariaDB. */
export interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  /** MariaDB's driver may return an unsigned INTEGER as a bigint. */
  applied_steps_count: number | bigint;
}

export const SELECT_MIGRATIONS = `SELECT id, checksum, migration_name, started_at, finished_at, rolled_back_at, logs, applied_steps_count
         FROM _prisma_migrations ORDER BY started_at ASC, migration_name ASC`;

export function toAppliedMigration(row: MigrationRow): AppliedMigration {
  return {
    id: row.id,
    checksum: row.checksum,
    migrationName: row.migration_name,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    rolledBackAt: row.rolled_back_at,
    logs: row.logs,
    appliedStepsCount: Number(row.applied_steps_count),
  };
}

/** Rows that block further runs: started, not finished, not rolled back (Prisma's P3009). */
export function failedMigrations(rows: AppliedMigration[]): AppliedMigration[] {
  return rows.filter((row) => row.finishedAt === null && row.rolledBackAt === null);
}

/** Rows that count as applied: finished and not rolled back. */
export function finishedMigrations(rows: AppliedMigration[]): AppliedMigration[] {
  return rows.filter((row) => row.finishedAt !== null && row.rolledBackAt === null);
}
