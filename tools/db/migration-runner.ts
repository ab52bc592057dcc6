import { randomUUID } from 'node:crypto';
import { parseDatabaseUrl, redact } from './database-url';
import {
  createMariaDbDatabase,
  dropMariaDbDatabase,
  MariaDbMigrationStore,
  mariaDbErrorLogs,
} from './mariadb-migrations';
import { readMigrations, type DatabaseProvider, type MigrationScript } from './migration-files';
import { failedMigrations, finishedMigrations, type AppliedMigration, type MigrationStore } from './migration-store';
import {
  createPostgresDatabase,
  dropPostgresDatabase,
  PostgresMigrationStore,
  postgresErrorLogs,
} from './postgres-migrations';

/**
 * Applies committed Prisma migrations to PostgreSQL and MariaDB without Prisma's native schema engine, writing
 * `_prisma_migrations` exactly as `prisma migrate deploy` does, so either tool can take over from the other.
 */
export interface MigrateOptions {
  /** Seconds to wait for the migrate lock held by another process. */
  lockTimeoutSeconds?: number;
  log?: (message: string) => void;
}

export interface MigrateResult {
  applied: string[];
}

export interface MigrationStatus {
  /** Finished migrations, in the order they were applied. */
  applied: string[];
  /** Migration folders not applied yet, in name order. */
  pending: string[];
  /** Migrations that started and did not finish; they block further runs. */
  failed: string[];
  /** Applied migrations whose migration.sql changed since. */
  edited: string[];
  /** Applied migrations with no folder any more. */
  missing: string[];
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

const DEFAULT_LOCK_TIMEOUT_SECONDS = 60;

export function providerOf(url: string): DatabaseProvider {
  return parseDatabaseUrl(url).provider;
}

/**
 * Applies the pending migrations of `migrationsDirectory` to the database at `url` (which must exist).
 * Use it for deploys, the launcher and tests; it is a no-op when everything is applied.
 * Throws a MigrationError, changing nothing, when a migration failed earlier or an applied one was edited;
 * when a script fails it records the error in `logs` and stops.
 */
export async function applyMigrations(
  url: string,
  migrationsDirectory: string,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const migrations = readMigrations(migrationsDirectory);
  return withLockedStore(url, options, async (store) => {
    await store.ensureMigrationsTable();
    const rows = await store.appliedMigrations();
    assertNoFailedMigration(rows);
    assertNoEditedMigration(rows, migrations);
    const done = new Set(finishedMigrations(rows).map((row) => row.migrationName));
    const applied: string[] = [];
    for (const migration of migrations.filter((m) => !done.has(m.name))) {
      await applyOne(store, migration, providerOf(url));
      options.log?.(`Applied migration ${migration.name}`);
      applied.push(migration.name);
    }
    return { applied };
  });
}

/** Compares the database's `_prisma_migrations` with the migration folders. Reads only; takes no lock. */
export async function migrationStatus(url: string, migrationsDirectory: string): Promise<MigrationStatus> {
  const migrations = readMigrations(migrationsDirectory);
  const store = await connectStore(url);
  try {
    const rows = (await store.hasMigrationsTable()) ? await store.appliedMigrations() : [];
    const finished = finishedMigrations(rows);
    const done = new Set(finished.map((row) => row.migrationName));
    const onDisk = new Map(migrations.map((m) => [m.name, m]));
    return {
      applied: finished.map((row) => row.migrationName),
      pending: migrations.filter((m) => !done.has(m.name)).map((m) => m.name),
      failed: failedMigrations(rows).map((row) => row.migrationName),
      edited: editedMigrations(finished, onDisk),
      missing: finished.filter((row) => !onDisk.has(row.migrationName)).map((row) => row.migrationName),
    };
  } finally {
    await store.close();
  }
}

/** Creates the database named in `url` unless it exists (on the server of `url`). Returns true when created. */
export function createDatabase(url: string): Promise<boolean> {
  return providerOf(url) === 'postgresql' ? createPostgresDatabase(url) : createMariaDbDatabase(url);
}

/** Drops the database named in `url` if it exists. */
export function dropDatabase(url: string): Promise<void> {
  return providerOf(url) === 'postgresql' ? dropPostgresDatabase(url) : dropMariaDbDatabase(url);
}

async function applyOne(store: MigrationStore, migration: MigrationScript, provider: DatabaseProvider): Promise<void> {
  const id = randomUUID();
  await store.recordStarted(id, migration.checksum, migration.name);
  try {
    await store.runScript(migration.script);
  } catch (error) {
    const logs = provider === 'postgresql' ? postgresErrorLogs(error) : mariaDbErrorLogs(error);
    await store.recordFailed(id, `A migration failed to apply.\n\nMigration name: ${migration.name}\n\n${logs}`);
    throw new MigrationError(`Migration ${migration.name} failed to apply: ${firstLine(logs)}`, { cause: error });
  }
  await store.recordFinished(id);
}

function assertNoFailedMigration(rows: AppliedMigration[]): void {
  const failed = failedMigrations(rows);
  if (failed.length === 0) return;
  const list = failed.map((row) => `${row.migrationName} (started at ${row.startedAt.toISOString()})`).join(', ');
  throw new MigrationError(
    `Found failed migrations in the target database; new migrations will not be applied: ${list}. ` +
      'Fix the database by hand, then mark the migration rolled back (`prisma migrate resolve --rolled-back <name>`, ' +
      'or set `rolled_back_at` on its `_prisma_migrations` row) and run again.',
  );
}

function assertNoEditedMigration(rows: AppliedMigration[], migrations: MigrationScript[]): void {
  const edited = editedMigrations(finishedMigrations(rows), new Map(migrations.map((m) => [m.name, m])));
  if (edited.length === 0) return;
  throw new MigrationError(
    `Applied migrations were modified after they were applied: ${edited.join(', ')}. ` +
      'Restore their migration.sql and put the change in a new migration.',
  );
}

function editedMigrations(finished: AppliedMigration[], onDisk: Map<string, MigrationScript>): string[] {
  return finished
    .filter((row) => {
      const file = onDisk.get(row.migrationName);
      return file !== undefined && file.checksum !== row.checksum;
    })
    .map((row) => row.migrationName);
}

async function withLockedStore<T>(
  url: string,
  options: MigrateOptions,
  work: (store: MigrationStore) => Promise<T>,
): Promise<T> {
  const store = await connectStore(url);
  try {
    await store.lock(options.lockTimeoutSeconds ?? DEFAULT_LOCK_TIMEOUT_SECONDS);
    try {
      return await work(store);
    } finally {
      await store.unlock();
    }
  } finally {
    await store.close();
  }
}

async function connectStore(url: string): Promise<MigrationStore> {
  try {
    return providerOf(url) === 'postgresql'
      ? await PostgresMigrationStore.connect(url)
      : await MariaDbMigrationStore.connect(url);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`Cannot connect to ${redact(url)}: ${reason}`, { cause: error });
  }
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() && !line.startsWith('Database error')) ?? text.trim();
}
