import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type {
  DiffTarget,
  MigrationList,
  SchemaEngine,
  SchemaFilter,
  SchemasContainer,
} from '@prisma/schema-engine-wasm';
import { Pool, type PoolClient, type QueryResult } from 'pg';
import { withDatabase } from './database-url';
import { LOCKFILE, lockfileContent, MIGRATION_FILE, readLockfile, readMigrations } from './migration-files';
import { createPostgresDatabase, dropPostgresDatabase, postgresClientConfig } from './postgres-migrations';

/**
 * Prisma's schema engine compiled to WebAssembly, driven through `@prisma/adapter-pg` (PostgreSQL only: the wasm
 * build has no MySQL connector). It authors migrations and diffs schemas where the native engine cannot be fetched.
 */
type SchemaEngineModule = typeof import('@prisma/schema-engine-wasm');
type WasmExports = Record<string, unknown>;

// The compile target's lib has no WebAssembly typings; this is the part of the global used here.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: Record<string, object>): Promise<{ instance: { exports: WasmExports } }>;
};

export const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

let engineModule: Promise<SchemaEngineModule> | undefined;

/**
 * Loads the wasm bindings once per process. The package is an ES module, which neither this CommonJS build nor
 * jest can `require`, so its glue (plain `export function`/`export class` declarations, no imports) is evaluated
 * as a script and the wasm instantiated with it, exactly as its own entry point does.
 */
export function loadSchemaEngine(): Promise<SchemaEngineModule> {
  engineModule ??= instantiate().catch((error: unknown) => {
    engineModule = undefined;
    throw error;
  });
  return engineModule;
}

async function instantiate(): Promise<SchemaEngineModule> {
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const exported: string[] = [];
  const body = readFileSync(gluePath, 'utf8').replace(
    /^export (function|class|const|let) ([A-Za-z_$][\w$]*)/gm,
    (_match, kind: string, name: string) => {
      exported.push(name);
      return `${kind} ${name}`;
    },
  );
  if (/^\s*(import|export)\b/m.test(body)) throw new Error(`Unexpected module syntax in ${gluePath}`);
  const glue = new Function(`"use strict";\n${body}\nreturn { ${exported.join(', ')} };`)() as Record<
    string,
    unknown
  > &
    SchemaEngineModule & { __wbg_set_wasm(exports: WasmExports): void };

  const globals = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  globals.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message: string) {
      process.stderr.write(`Schema engine panic: ${message}\n`);
    },
  };
  const bytes = readFileSync(join(dirname(gluePath), 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, {
    './schema_engine_bg.js': glue,
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

/**
 * A pg pool whose results report `"char"` columns (OID 18, used by the catalog queries of the engine) as text:
 * adapter-pg 7.10 rejects that type, though its values are plain strings.
 */
function catalogFriendlyPool(url: string): Pool {
  const pool = new Pool({ ...postgresClientConfig(url), max: 4 });
  // Pool.query checks a client out and calls its query with a callback; transactions use the client directly.
  pool.on('connect', (client: PoolClient) => reportCharAsText(client));
  pool.on('error', () => undefined);
  return pool;
}

type Query = (...args: unknown[]) => unknown;

function reportCharAsText(client: PoolClient): void {
  const query = (client.query as Query).bind(client);
  (client as unknown as { query: Query }).query = (...args: unknown[]) => {
    const callback = args[args.length - 1];
    if (typeof callback === 'function') {
      return query(...args.slice(0, -1), (error: unknown, result: QueryResult | undefined) =>
        callback(error, result && charAsText(result)),
      );
    }
    const pending = query(...args);
    return pending instanceof Promise ? pending.then((result: QueryResult) => charAsText(result)) : pending;
  };
}

function charAsText(result: QueryResult): QueryResult {
  for (const field of result.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
  return result;
}

/**
 * The engine's view of the databases: the main one, and a shadow database this module creates and drops itself
 * (adapter-pg's own shadow handling would reuse the main database when given a connection string, and drops the
 * shadow before closing its pool).
 */
class EngineAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName = '@prisma/adapter-pg';

  constructor(
    private readonly url: string,
    private readonly shadowUrl?: string,
  ) {}

  connect(): Promise<SqlDriverAdapter> {
    return new PrismaPg(catalogFriendlyPool(this.url), { disposeExternalPool: true }).connect();
  }

  connectToShadowDb(): Promise<SqlDriverAdapter> {
    if (!this.shadowUrl) throw new Error('This operation needs a shadow database; open the engine with one');
    return new PrismaPg(catalogFriendlyPool(this.shadowUrl), { disposeExternalPool: true }).connect();
  }
}

export interface EngineSession {
  engine: SchemaEngine;
  schemas: SchemasContainer;
}

/**
 * Runs `work` with an engine for `schemaPath` connected to `url` (an existing PostgreSQL database), plus a fresh
 * shadow database on the same server when `shadow` is set; frees the engine and drops the shadow afterwards.
 */
export async function withSchemaEngine<T>(
  options: { schemaPath: string; url: string; shadow?: boolean },
  work: (session: EngineSession) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadSchemaEngine();
  const schema = readFileSync(options.schemaPath, 'utf8');
  const shadowUrl = options.shadow
    ? withDatabase(options.url, `prisma_migrate_shadow_db_${randomUUID().replace(/-/g, '')}`)
    : undefined;
  if (shadowUrl) await createPostgresDatabase(shadowUrl);
  try {
    const factory = bindMigrationAwareSqlAdapterFactory(new EngineAdapterFactory(options.url, shadowUrl));
    const engine = await SchemaEngine.new({ datamodels: [[options.schemaPath, schema]] }, () => undefined, factory);
    try {
      return await work({ engine, schemas: { files: [{ path: options.schemaPath, content: schema }] } });
    } finally {
      engine.free();
    }
  } finally {
    if (shadowUrl) await dropPostgresDatabase(shadowUrl);
  }
}

/**
 * The migrations folder in the shape the engine takes (what Prisma's CLI passes). A folder without a lockfile yet
 * (no migration written) gets PostgreSQL's, the only provider this engine build serves.
 */
export function migrationList(migrationsDirectory: string): MigrationList {
  return {
    baseDir: migrationsDirectory,
    lockfile: { path: LOCKFILE, content: readLockfile(migrationsDirectory) ?? lockfileContent('postgresql') },
    migrationDirectories: readMigrations(migrationsDirectory).map((migration) => ({
      path: migration.name,
      migrationFile: { path: MIGRATION_FILE, content: { tag: 'ok', value: migration.script } },
    })),
    shadowDbInitScript: '',
  };
}

/** The SQL that takes `from` to `to`; an empty string when they agree. */
export async function diffScript(engine: SchemaEngine, from: DiffTarget, to: DiffTarget): Promise<string> {
  const result = await engine.diff({ from, to, script: true, exitCode: true, filters: NO_FILTER });
  return result.exitCode === 2 ? (result.stdout ?? '') : '';
}

/**
 * The SQL of the next migration: the diff from the schema the migration folder builds (replayed into the shadow
 * database) to schema.prisma, rendered like `prisma migrate dev` writes it. Empty when there is no change.
 * Needs a session opened with `shadow`. (The wasm engine's `createMigration` cannot reach an adapter-provided
 * shadow database once migrations exist, so the diff is used instead.)
 */
export function nextMigrationScript(session: EngineSession, migrationsDirectory: string): Promise<string> {
  return diffScript(
    session.engine,
    { tag: 'migrations', ...migrationList(migrationsDirectory) },
    { tag: 'schemaDatamodel', ...session.schemas },
  );
}

/** A scratch database on the server of `url`, for engine operations that must not touch a real database. */
export async function withScratchDatabase<T>(url: string, work: (scratchUrl: string) => Promise<T>): Promise<T> {
  const scratchUrl = withDatabase(url, `retail_scratch_${randomUUID().replace(/-/g, '').slice(0, 16)}`);
  await createPostgresDatabase(scratchUrl);
  try {
    return await work(scratchUrl);
  } finally {
    await dropPostgresDatabase(scratchUrl);
  }
}

/**
 * The SQL that would bring the live database at `url` in line with schema.prisma; empty when they agree.
 * The drift check for PostgreSQL services (`_prisma_migrations` is ignored by the engine).
 */
export function diffDatabaseWithSchema(url: string, schemaFile: string): Promise<string> {
  return withSchemaEngine({ schemaPath: schemaFile, url }, ({ engine, schemas }) =>
    diffScript(
      engine,
      { tag: 'schemaDatasource', ...schemas, configDir: dirname(schemaFile) },
      { tag: 'schemaDatamodel', ...schemas },
    ),
  );
}
