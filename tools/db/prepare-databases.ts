import { readConfig, readDatabaseUrl, SUBGRAPH_NAMES, type SubgraphName } from '@retail/common';
import { isServiceName, migrationsDir } from './migration-files';
import { applyMigrations, createDatabase, type MigrateOptions } from './migration-runner';

export type DatabaseUrls = Record<SubgraphName, string>;

/** Every service's database URL from the environment (`ACCOUNTS_DATABASE_URL`, ...), topology defaults otherwise. */
export function readDatabaseUrls(env: NodeJS.ProcessEnv = process.env): DatabaseUrls {
  return readConfig(
    (reader) =>
      Object.fromEntries(SUBGRAPH_NAMES.map((service) => [service, readDatabaseUrl(reader, service)])) as DatabaseUrls,
    env,
  );
}

export interface PreparedDatabase {
  service: SubgraphName;
  url: string;
  created: boolean;
  applied: string[];
}

/**
 * Creates every service's database if missing and applies its pending migrations. Call it before starting the
 * services (the launcher, e2e tests). Accepts explicit URLs (missing ones fall back to the environment and the
 * topology defaults) or an environment to read them from. Databases are prepared in parallel.
 */
export async function prepareDatabases(
  source: Partial<DatabaseUrls> | NodeJS.ProcessEnv = process.env,
  options: MigrateOptions = {},
): Promise<PreparedDatabase[]> {
  const urls = resolveUrls(source);
  return Promise.all(
    SUBGRAPH_NAMES.map(async (service) => {
      const url = urls[service];
      const created = await createDatabase(url);
      const { applied } = await applyMigrations(url, migrationsDir(service), options);
      return { service, url, created, applied };
    }),
  );
}

function resolveUrls(source: Partial<DatabaseUrls> | NodeJS.ProcessEnv): DatabaseUrls {
  const explicit = Object.keys(source).some(isServiceName);
  if (!explicit) return readDatabaseUrls(source as NodeJS.ProcessEnv);
  return { ...readDatabaseUrls(), ...(source as Partial<DatabaseUrls>) };
}
