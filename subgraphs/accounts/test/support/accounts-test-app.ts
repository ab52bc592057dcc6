import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger, type INestApplication } from '@nestjs/common';
import { createTestDatabase, type TestDatabase } from '@test/databases';
import { gql, type GraphQLResponse } from '@test/graphql-client';
import { createApp } from '../../src/app';
import { loadAccountsConfig, type AccountsConfig } from '../../src/config';
import { PrismaService } from '../../src/prisma/prisma.service';

/** The real accounts app on a fresh database and a loopback port, with cheap argon2 and a throw-away key. */
export interface AccountsTestApp {
  app: INestApplication;
  config: AccountsConfig;
  prisma: PrismaService;
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  send<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  /** Deletes every row the tests wrote. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startAccountsTestApp(env: NodeJS.ProcessEnv = {}): Promise<AccountsTestApp> {
  Logger.overrideLogger(['error']);
  const database: TestDatabase = await createTestDatabase('accounts');
  const keyDir = await mkdtemp(join(tmpdir(), 'accounts-test-keys-'));
  const config = loadAccountsConfig({
    ACCOUNTS_DATABASE_URL: database.url,
    JWT_PRIVATE_KEY_FILE: join(keyDir, 'signing-key.pem'),
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    ...env,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const prisma = app.get(PrismaService);
  return {
    app,
    config,
    prisma,
    baseUrl,
    send: (query, variables = {}, token) => gql(`${baseUrl}/graphql`, query, variables, { token }),
    reset: async () => {
      await prisma.refreshToken.deleteMany();
      await prisma.user.deleteMany();
    },
    close: async () => {
      await app.close();
      await database.drop();
      await rm(keyDir, { recursive: true, force: true });
    },
  };
}
