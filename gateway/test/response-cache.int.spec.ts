import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { Logger, type INestApplication } from '@nestjs/common';
import { parse } from 'graphql';
import Redis from 'ioredis';
import { DEFAULT_REDIS_URL, raiseCatalogVersion } from '@retail/common';
import { startTestTokenIssuer, type TestTokenIssuer } from '@test/tokens';
import { createApp } from '../src/app';
import { loadGatewayConfig } from '../src/config';
import { RESPONSE_CACHE_HEADER } from '../src/response-cache/response-cache.plugin';
import { postJson } from './support/edge-test-gateway';

/** Stand-ins: a catalog whose reads say `public, max-age=300` (as the real one does) and an orders without. */
const catalogTypeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  type Query { price(sku: String!): Int!, broken: Int }
  type Product @key(fields: "sku") { sku: String!, price: Int! }
`);
const ordersTypeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  type Query { me: String! }
`);

const publicReads: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ operation, response, errors }) {
        if (operation?.operation === 'query' && !errors?.length) response.http.headers.set('cache-control', 'public, max-age=300');
      },
    };
  },
};

describe('response cache', () => {
  const prices = new Map<string, number>();
  let catalogCalls = 0;
  let ordersCalls = 0;
  let catalog: ApolloServer;
  let orders: ApolloServer;
  let tokenEndpoint: Server;
  let issuer: TestTokenIssuer;
  let dir: string;
  let env: Record<string, string>;
  let redis: Redis;
  const prefix = `test-response-cache-${randomUUID()}`;

  async function startGateway(ttlSeconds: string): Promise<{ url: string; app: INestApplication }> {
    Logger.overrideLogger(false);
    const app = await createApp(loadGatewayConfig({ ...env, RESPONSE_CACHE_TTL_SECONDS: ttlSeconds }));
    await app.listen(0, '127.0.0.1');
    return { url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`, app };
  }

  beforeAll(async () => {
    catalog = new ApolloServer({
      schema: buildSubgraphSchema({
        typeDefs: catalogTypeDefs,
        resolvers: {
          Query: {
            price: (_: unknown, { sku }: { sku: string }) => {
              catalogCalls += 1;
              return prices.get(sku) ?? 0;
            },
            broken: () => {
              throw new Error('no');
            },
          },
        },
      }),
      plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), publicReads],
    });
    orders = new ApolloServer({
      schema: buildSubgraphSchema({
        typeDefs: ordersTypeDefs,
        resolvers: {
          Query: {
            me: () => {
              ordersCalls += 1;
              return `someone-${ordersCalls}`;
            },
          },
        },
      }),
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    const catalogUrl = (await startStandaloneServer(catalog, { listen: { port: 0, host: '127.0.0.1' } })).url.replace(/\/$/, '');
    const ordersUrl = (await startStandaloneServer(orders, { listen: { port: 0, host: '127.0.0.1' } })).url.replace(/\/$/, '');
    tokenEndpoint = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ access_token: 'stand-in-service-token', token_type: 'Bearer', expires_in: 3600 }));
    });
    await new Promise<void>((resolve) => tokenEndpoint.listen(0, '127.0.0.1', resolve));
    issuer = await startTestTokenIssuer();
    const composition = composeServices([
      { name: 'catalog', url: catalogUrl, typeDefs: catalogTypeDefs },
      { name: 'orders', url: ordersUrl, typeDefs: ordersTypeDefs },
    ]);
    if (composition.errors) throw new Error(composition.errors.map((e) => e.message).join('\n'));
    dir = mkdtempSync(join(tmpdir(), 'response-cache-'));
    writeFileSync(join(dir, 'supergraph.graphql'), composition.supergraphSdl);
    env = {
      SUPERGRAPH_PATH: join(dir, 'supergraph.graphql'),
      ACCOUNTS_URL: `http://127.0.0.1:${(tokenEndpoint.address() as AddressInfo).port}`,
      JWKS_URL: issuer.verification.jwksUrl,
      CATALOG_URL: catalogUrl,
      ORDERS_URL: ordersUrl,
      PAYMENTS_URL: catalogUrl,
      GATEWAY_CLIENT_SECRET: 'stand-in-secret',
      QUEUE_PREFIX: prefix,
    };
    redis = new Redis(DEFAULT_REDIS_URL);
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await catalog.stop();
    await orders.stop();
    await new Promise<void>((resolve) => tokenEndpoint.close(() => resolve()));
    await issuer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('with RESPONSE_CACHE_TTL_SECONDS=60', () => {
    let gateway: { url: string; app: INestApplication };
    let second: { url: string; app: INestApplication };

    beforeAll(async () => {
      gateway = await startGateway('60');
      second = await startGateway('60');
    });

    afterAll(async () => {
      await gateway.app.close();
      await second.app.close();
    });

    const priceQuery = 'query Price($sku: String!) { price(sku: $sku) }';

    it('serves a public read again from Redis, to every gateway instance, without calling the subgraph', async () => {
      const sku = randomUUID();
      prices.set(sku, 100);
      // The first read of a fresh Redis starts the catalog version; caching starts with the next one.
      await postJson(gateway.url, { query: '{ price(sku: "warm-up") }' });
      const first = await postJson(gateway.url, { query: priceQuery, variables: { sku } });
      expect(first.headers.get(RESPONSE_CACHE_HEADER)).toBe('MISS');
      const calls = catalogCalls;

      const again = await postJson(gateway.url, { query: priceQuery, variables: { sku } });
      const elsewhere = await postJson(second.url, { query: priceQuery, variables: { sku } });
      expect([again, elsewhere].map((result) => result.headers.get(RESPONSE_CACHE_HEADER))).toEqual(['HIT', 'HIT']);
      expect([again.body, elsewhere.body]).toEqual([{ data: { price: 100 } }, { data: { price: 100 } }]);
      expect(catalogCalls).toBe(calls);
      // Clients are told to keep nothing: they cannot hear of a change.
      expect(again.headers.get('cache-control')).toBe('no-store');
    });

    it('keys entries by the variables, in any key order, and by the operation', async () => {
      const [a, b] = [randomUUID(), randomUUID()];
      prices.set(a, 1);
      prices.set(b, 2);
      const twoPrices = 'query Two($a: String!, $b: String!) { a: price(sku: $a) b: price(sku: $b) }';
      expect((await postJson(gateway.url, { query: twoPrices, variables: { a, b } })).headers.get(RESPONSE_CACHE_HEADER)).toBe('MISS');
      const reordered = await postJson(gateway.url, { query: twoPrices, variables: { b, a } });
      expect(reordered.headers.get(RESPONSE_CACHE_HEADER)).toBe('HIT');
      expect(reordered.body.data).toEqual({ a: 1, b: 2 });
      const swapped = await postJson(gateway.url, { query: twoPrices, variables: { a: b, b: a } });
      expect(swapped.body.data).toEqual({ a: 2, b: 1 });
      expect(swapped.headers.get(RESPONSE_CACHE_HEADER)).toBe('MISS');
    });

    it('computes a fresh answer once the catalog version is raised', async () => {
      const sku = randomUUID();
      prices.set(sku, 100);
      await postJson(gateway.url, { query: priceQuery, variables: { sku } });
      expect((await postJson(gateway.url, { query: priceQuery, variables: { sku } })).headers.get(RESPONSE_CACHE_HEADER)).toBe('HIT');

      prices.set(sku, 250);
      await raiseCatalogVersion(redis, prefix);

      const changed = await postJson(second.url, { query: priceQuery, variables: { sku } });
      expect(changed.body).toEqual({ data: { price: 250 } });
      expect(changed.headers.get(RESPONSE_CACHE_HEADER)).toBe('MISS');
    });

    it('serves an automatic persisted query sent by hash from the entry of its text', async () => {
      const sku = randomUUID();
      prices.set(sku, 7);
      const query = `query ByHash { price(sku: "${sku}") }`;
      const sha256Hash = createHash('sha256').update(query).digest('hex');
      const persistedQuery = { version: 1, sha256Hash };
      expect((await postJson(gateway.url, { query, extensions: { persistedQuery } })).headers.get(RESPONSE_CACHE_HEADER)).toBe('MISS');
      const byHash = await postJson(second.url, { extensions: { persistedQuery } });
      expect(byHash.headers.get(RESPONSE_CACHE_HEADER)).toBe('HIT');
      expect(byHash.body).toEqual({ data: { price: 7 } });
    });

    it('never caches a read that touches a subgraph without a public Cache-Control', async () => {
      for (const query of ['{ me }', '{ me price(sku: "x") }']) {
        const answers = [await postJson(gateway.url, { query }), await postJson(gateway.url, { query })];
        expect(answers.map((answer) => answer.headers.get(RESPONSE_CACHE_HEADER))).toEqual([null, null]);
        expect(answers[0]!.body.data!.me).not.toEqual(answers[1]!.body.data!.me);
      }
    });

    it('never caches an answer with errors', async () => {
      const answers = [await postJson(gateway.url, { query: '{ broken }' }), await postJson(gateway.url, { query: '{ broken }' })];
      expect(answers.map((answer) => answer.headers.get(RESPONSE_CACHE_HEADER))).toEqual([null, null]);
    });

    it('still refuses what the edge refuses before looking anything up', async () => {
      const invalid = await postJson(gateway.url, { query: '{ price }' });
      expect(invalid.status).toBe(400);
      expect(invalid.headers.get(RESPONSE_CACHE_HEADER)).toBeNull();
    });
  });

  describe('with RESPONSE_CACHE_TTL_SECONDS=0', () => {
    it('runs every read', async () => {
      const gateway = await startGateway('0');
      try {
        const sku = randomUUID();
        prices.set(sku, 3);
        const calls = catalogCalls;
        for (let i = 0; i < 3; i += 1) {
          const answer = await postJson(gateway.url, { query: `{ price(sku: "${sku}") }` });
          expect(answer.headers.get(RESPONSE_CACHE_HEADER)).toBeNull();
          expect(answer.body).toEqual({ data: { price: 3 } });
        }
        expect(catalogCalls).toBe(calls + 3);
      } finally {
        await gateway.app.close();
      }
    });
  });
});
