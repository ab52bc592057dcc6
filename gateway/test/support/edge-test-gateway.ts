import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { Logger, type INestApplication } from '@nestjs/common';
import { parse } from 'graphql';
import Redis from 'ioredis';
import { DEFAULT_REDIS_URL } from '@retail/common';
import { startTestTokenIssuer, type TestTokenIssuer } from '@test/tokens';
import { createApp } from '../../src/app';
import { loadGatewayConfig, type GatewayConfig } from '../../src/config';

/**
 * A stand-in subgraph: nesting for depth attacks, lists for cost attacks (sized by @listSize, or not at all),
 * a resolver leaking SQL in its error.
 */
const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@listSize"])
  type Query {
    hello: String!
    category(id: ID!): Category
    categories: [Category!]! @listSize(assumedSize: 100)
    products(first: Int = 20): ProductConnection! @listSize(slicingArguments: ["first"], sizedFields: ["edges"])
    failing: String
  }
  type Category @key(fields: "id") { id: ID!, name: String!, parent: Category, children: [Category!]! }
  type ProductConnection { edges: [ProductEdge!]! }
  type ProductEdge { node: Product! }
  type Product { id: ID!, name: String! }
`);

const category = (id: string) => ({ id, name: `Category ${id}` });
const resolvers = {
  Query: {
    hello: () => 'world',
    category: (_: unknown, { id }: { id: string }) => category(id),
    categories: () => [category('1'), category('2')],
    products: (_: unknown, { first }: { first: number }) => ({
      edges: Array.from({ length: Math.min(first, 3) }, (_unused, i) => ({ node: { id: `p${i}`, name: `Product ${i}` } })),
    }),
    failing: () => {
      throw new Error('insert into "users" ("email") values ($1) - duplicate key value violates unique constraint "users_email_key"');
    },
  },
  Category: {
    parent: ({ id }: { id: string }) => category(`${id}.parent`),
    children: ({ id }: { id: string }) => [category(`${id}.1`)],
  },
};

/** The stand-ins a test gateway needs: the subgraph above, a token endpoint and a JWKS, and the supergraph file. */
export interface EdgeTestBackend {
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startEdgeTestBackend(): Promise<EdgeTestBackend> {
  const subgraph = new ApolloServer({
    schema: buildSubgraphSchema({ typeDefs, resolvers }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(subgraph, { listen: { port: 0, host: '127.0.0.1' } });
  const subgraphUrl = url.replace(/\/$/, '');

  // The gateway fetches a service token before each subgraph call; the stand-in subgraph does not check it.
  const tokenEndpoint: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ access_token: 'stand-in-service-token', token_type: 'Bearer', expires_in: 3600 }));
  });
  await new Promise<void>((resolve) => tokenEndpoint.listen(0, '127.0.0.1', resolve));
  const accountsUrl = `http://127.0.0.1:${(tokenEndpoint.address() as AddressInfo).port}`;
  const issuer: TestTokenIssuer = await startTestTokenIssuer();

  const composition = composeServices([{ name: 'catalog', url: subgraphUrl, typeDefs }]);
  if (composition.errors) throw new Error(composition.errors.map((e) => e.message).join('\n'));
  const dir = mkdtempSync(join(tmpdir(), 'edge-test-'));
  const supergraphPath = join(dir, 'supergraph.graphql');
  writeFileSync(supergraphPath, composition.supergraphSdl);

  return {
    env: {
      SUPERGRAPH_PATH: supergraphPath,
      ACCOUNTS_URL: accountsUrl,
      JWKS_URL: issuer.verification.jwksUrl,
      ...Object.fromEntries(['CATALOG', 'ORDERS', 'PAYMENTS'].map((name) => [`${name}_URL`, subgraphUrl])),
      GATEWAY_CLIENT_SECRET: 'stand-in-secret',
    },
    close: async () => {
      await subgraph.stop();
      await new Promise<void>((resolve) => tokenEndpoint.close(() => resolve()));
      await issuer.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestGateway {
  url: string;
  config: GatewayConfig;
  close(): Promise<void>;
}

/** Starts the real gateway application on a loopback port, configured like production would be by `env`. */
export async function startTestGateway(
  backend: EdgeTestBackend,
  env: Record<string, string> = {},
  adjust: (config: GatewayConfig) => void = () => undefined,
): Promise<TestGateway> {
  const config = loadGatewayConfig({ ...backend.env, ...env });
  adjust(config);
  // Start-up lines would bury the test output; warnings and errors are asserted through Logger spies.
  Logger.overrideLogger(false);
  const app: INestApplication = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/graphql`, config, close: () => app.close() };
}

/** A Redis key namespace of its own, so tests never see each other's persisted queries; `clear` removes it. */
export function uniqueRedisPrefix(): { prefix: string; redis: Redis; clear(): Promise<void> } {
  const prefix = `test:${randomUUID()}:`;
  const redis = new Redis(DEFAULT_REDIS_URL, { lazyConnect: true });
  return {
    prefix,
    redis,
    clear: async () => {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    },
  };
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** A POST with a JSON body (what Apollo's CSRF prevention accepts without extra headers). */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
  return send(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

export async function send(url: string, init: RequestInit): Promise<HttpResult> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: HttpResult['body'];
  try {
    body = JSON.parse(text) as HttpResult['body'];
  } catch {
    body = { errors: [{ message: text }] };
  }
  return { status: response.status, headers: response.headers, body };
}

export function codes(result: HttpResult): unknown[] {
  return (result.body.errors ?? []).map((error) => error.extensions?.code);
}
