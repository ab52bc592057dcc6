import { randomBytes } from 'node:crypto';
import type { SubgraphName } from '@retail/common';
import { withDatabase } from '@retail/tools/db/database-url';
import { migrationsDir } from '@retail/tools/db/migration-files';
import { applyMigrations, createDatabase, dropDatabase } from '@retail/tools/db/migration-runner';
import { readDatabaseUrls } from '@retail/tools/db/prepare-databases';

/**
 * A fresh, fully migrated database for one integration test file, on the server the service uses
 * (`<SERVICE>_DATABASE_URL`, topology defaults otherwise). Call `drop()` in afterAll, after closing clients.
 */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(service: SubgraphName): Promise<TestDatabase> {
  const name = `retail_test_${service}_${randomBytes(6).toString('hex')}`;
  const url = withDatabase(readDatabaseUrls()[service], name);
  await createDatabase(url);
  try {
    await applyMigrations(url, migrationsDir(service));
  } catch (error) {
    await dropDatabase(url);
    throw error;
  }
  return { url, drop: () => dropDatabase(url) };
}
