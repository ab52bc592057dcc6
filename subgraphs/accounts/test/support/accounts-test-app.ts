import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger, type INestApplication } from '@nestjs/common';
import { createTestDatabase, type TestDatabase } from '@test/databases';
import { decodeJwt } from 'jose';
import { serviceAudience } from '@retail/common';
import { gql, type GqlOptions, type GraphQLResponse } from '@test/graphql-client';
import { createApp } from '../../src/app';
import { loadAccountsConfig, type AccountsConfig } from '../../src/config';
import { PrismaService } from '../../src/prisma/prisma.service';
import { TokenSigner } from '../../src/tokens/token-signer.service';

/** The real accounts app on a fresh database and a loopback port, with cheap argon2 and a throw-away key. */
export interface AccountsTestApp {
  app: INestApplication;
  config: AccountsConfig;
  prisma: PrismaService;
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  /**
   * Sends an operation to accounts as the gateway does, `token` being the end user's; a service token calls as
   * that service instead.
   */
  send<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  /** `gql` options of a call through the gateway (its service token; `token` as the end user's, if given). */
  asGateway(token?: string): Promise<GqlOptions>;
  /** A client-credentials token for accounts, signed by this app. */
  serviceToken(clientId: string, scopes: string[]): Promise<string>;
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
    // Own Redis keys, and limits no other suite reaches; throttling.int.spec.ts sets its own.
    QUEUE_PREFIX: `accounts-test-${process.pid}-${Date.now()}`,
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000',
    LOGIN_MAX_FAILURES_PER_IP: '1000',
    ...env,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const prisma = app.get(PrismaService);
  const signer = app.get(TokenSigner);
  const serviceToken = async (clientId: string, scopes: string[]) =>
    (await signer.signServiceToken(clientId, scopes, serviceAudience('accounts'))).token;
  const asGateway = async (token?: string): Promise<GqlOptions> => {
    if (token !== undefined && isServiceToken(token)) return { token };
    return { token: await serviceToken('gateway', []), userToken: token };
  };
  return {
    app,
    config,
    prisma,
    baseUrl,
    send: async (query, variables = {}, token) => gql(`${baseUrl}/graphql`, query, variables, await asGateway(token)),
    asGateway,
    serviceToken,
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

function isServiceToken(token: string): boolean {
  try {
    return decodeJwt(token).token_use === 'service';
  } catch {
    return false;
  }
}
