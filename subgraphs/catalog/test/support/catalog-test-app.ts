import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { DEFAULT_REDIS_URL } from '@retail/common';
import { createTestDatabase } from '@test/databases';
import { gql, type GraphQLResponse } from '@test/graphql-client';
import { startTestTokenIssuer, type TestTokenIssuer } from '@test/tokens';
import { createApp } from '../../src/app';
import { PrismaService } from '../../src/prisma/prisma.service';
import { STOCK_SCOPE } from '../../src/permissions';

/** The catalog booted on a fresh database, listening on an ephemeral loopback port, with ready-made tokens. */
export interface CatalogTestApp {
  app: INestApplication;
  url: string;
  databaseUrl: string;
  prisma: PrismaService;
  issuer: TestTokenIssuer;
  tokens: { admin: string; customer: string; saga: string; pricing: string };
  /**
   * Sends an operation to the catalog as the gateway does, `token` being the end user's; a service token calls
   * as that service instead (the saga's calls).
   */
  send<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<T>>;
  /** Prefix of this app's Redis keys (the catalog version). */
  queuePrefix: string;
  /** Empties every table, for the cleanup after each test. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startCatalogTestApp(): Promise<CatalogTestApp> {
  // The only thing mocked: Nest's logger, kept to errors so test output stays readable.
  Logger.overrideLogger(['error']);
  const database = await createTestDatabase('catalog');
  const issuer = await startTestTokenIssuer({ subgraph: 'catalog' });
  // A queue prefix of its own, so the catalog version it raises is this app's alone.
  const queuePrefix = `test-catalog-${randomUUID()}`;
  const app = await createApp({
    host: '127.0.0.1',
    port: 0,
    databaseUrl: database.url,
    tokens: issuer.verification,
    redisUrl: DEFAULT_REDIS_URL,
    queuePrefix,
  });
  await app.listen(0, '127.0.0.1');
  const url = `${await app.getUrl()}/graphql`;
  const prisma = app.get(PrismaService);
  const tokens = {
    admin: await issuer.userToken({ role: 'ADMIN' }),
    customer: await issuer.userToken({ role: 'CUSTOMER' }),
    saga: await issuer.serviceToken('orders', ['catalog:read', STOCK_SCOPE]),
    pricing: await issuer.serviceToken('orders', ['catalog:read']),
  };
  return {
    app,
    url,
    queuePrefix,
    databaseUrl: database.url,
    prisma,
    issuer,
    tokens,
    send: async (query, variables = {}, token) => gql(url, query, variables, await issuer.asGateway(token)),
    reset: async () => {
      await prisma.$executeRawUnsafe(
        'TRUNCATE "StockReservationLine", "StockReservation", "Inventory", "Product", "Category" CASCADE',
      );
    },
    close: async () => {
      await app.close();
      await issuer.close();
      await database.drop();
    },
  };
}
