import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { parse, print } from 'graphql';
import { loadGatewayConfig } from '../src/config';
import { DEFAULT_MANIFEST_PATH } from '../src/edge/edge-config';
import { PersistedQueryList, sha256Hex } from '../src/persisted-queries/persisted-query-manifest';
import {
  codes,
  postJson,
  startEdgeTestBackend,
  startTestGateway,
  uniqueRedisPrefix,
  type EdgeTestBackend,
  type TestGateway,
} from './support/edge-test-gateway';

const listed = print(parse('query Hello { hello }'));
const unlisted = 'query Categories { categories { id name } }';
const persisted = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256Hex(query) } });

describe('persisted queries', () => {
  let backend: EdgeTestBackend;
  let manifestDir: string;
  let manifestPath: string;
  let warnings: jest.SpyInstance;
  const gateways: TestGateway[] = [];
  const redisSpace = uniqueRedisPrefix();

  const start = async (env: Record<string, string>) => {
    const gateway = await startTestGateway(backend, { PERSISTED_QUERIES_MANIFESTS: manifestPath, ...env }, (config) => {
      config.edge.persistedQueries.redisKeyPrefix = redisSpace.prefix;
    });
    gateways.push(gateway);
    return gateway;
  };

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    backend = await startEdgeTestBackend();
    manifestDir = mkdtempSync(join(tmpdir(), 'manifest-'));
    manifestPath = join(manifestDir, 'manifest.json');
    const manifest = {
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [{ id: sha256Hex(listed), name: 'Hello', type: 'query', body: listed }],
    };
    writeFileSync(manifestPath, JSON.stringify(manifest));
  });

  afterEach(async () => {
    await redisSpace.clear();
    warnings.mockClear();
  });

  afterAll(async () => {
    for (const gateway of gateways) await gateway.close();
    await backend?.close();
    await redisSpace.redis.quit();
    rmSync(manifestDir, { recursive: true, force: true });
    jest.restoreAllMocks();
  });

  it('loads the committed manifest, which lists every client operation', () => {
    expect(PersistedQueryList.load([DEFAULT_MANIFEST_PATH]).size).toBeGreaterThanOrEqual(14);
  });

  describe('automatic persisted queries', () => {
    it('registers a hash with its query in Redis, then answers the hash alone on every gateway instance', async () => {
      const first = await start({ PERSISTED_QUERIES_MODE: 'audit' });
      const second = await start({ PERSISTED_QUERIES_MODE: 'audit' });
      const query = '{ categories { id } }';

      const unknown = await postJson(first.url, { extensions: persisted(query) });
      expect(codes(unknown)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);

      const registered = await postJson(first.url, { query, extensions: persisted(query) });
      expect(registered.body.data).toEqual({ categories: [{ id: '1' }, { id: '2' }] });
      await expect(waitForKey(`${redisSpace.prefix}apq:${sha256Hex(query)}`)).resolves.toBe(query);
      expect(await redisSpace.redis.ttl(`${redisSpace.prefix}apq:${sha256Hex(query)}`)).toBeGreaterThan(86_000);

      expect((await postJson(first.url, { extensions: persisted(query) })).body.data).toEqual(registered.body.data);
      expect((await postJson(second.url, { extensions: persisted(query) })).body.data).toEqual(registered.body.data);
    });
  });

  describe('in enforce mode', () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await start({ PERSISTED_QUERIES_MODE: 'enforce' });
    });

    it('runs a listed operation sent by its manifest id alone', async () => {
      const result = await postJson(gateway.url, { extensions: persisted(listed) });
      expect(result.body).toEqual({ data: { hello: 'world' } });
    });

    it('runs a listed operation sent as its exact text', async () => {
      expect((await postJson(gateway.url, { query: listed })).body).toEqual({ data: { hello: 'world' } });
    });

    it('refuses an unlisted operation sent as full text', async () => {
      const result = await postJson(gateway.url, { query: unlisted });
      expect(result.status).toBe(400);
      expect(codes(result)).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
      expect(result.body.data).toBeUndefined();
    });

    it('refuses to register an unlisted operation as an automatic persisted query', async () => {
      const registration = await postJson(gateway.url, { query: unlisted, extensions: persisted(unlisted) });
      expect(codes(registration)).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
      expect(codes(await postJson(gateway.url, { extensions: persisted(unlisted) }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      expect(await redisSpace.redis.keys(`${redisSpace.prefix}*`)).toEqual([]);
    });
  });

  describe('in audit mode', () => {
    it('runs unlisted operations and logs them, and does not log listed ones', async () => {
      const gateway = await start({ PERSISTED_QUERIES_MODE: 'audit' });
      expect((await postJson(gateway.url, { query: listed })).body.data).toEqual({ hello: 'world' });
      expect(warnings).not.toHaveBeenCalled();

      const result = await postJson(gateway.url, { query: unlisted });
      expect(result.body.data).toEqual({ categories: [{ id: '1', name: 'Category 1' }, { id: '2', name: 'Category 2' }] });
      const logged = warnings.mock.calls.map((call) => String(call[0]));
      expect(logged).toEqual([expect.stringContaining(`Operation Categories (sha256 ${sha256Hex(unlisted)}) is not in a persisted query manifest`)]);
      expect(logged[0]).toContain(String(result.headers.get('x-request-id')));
    });

    it('logs each unknown operation once, not on every request', async () => {
      const gateway = await start({ PERSISTED_QUERIES_MODE: 'audit' });
      for (let i = 0; i < 3; i += 1) await postJson(gateway.url, { query: unlisted });
      await postJson(gateway.url, { query: '{ hello categories { id } }' });
      expect(warnings).toHaveBeenCalledTimes(2);
    });
  });

  it('audits in production and stays quiet in development unless configured', () => {
    const production = { NODE_ENV: 'production', GATEWAY_CLIENT_SECRET: 'a-production-secret-of-enough-length-0123456789' };
    expect(loadGatewayConfig({}).edge.persistedQueries.mode).toBe('off');
    expect(loadGatewayConfig(production).edge.persistedQueries.mode).toBe('audit');
    expect(loadGatewayConfig({ PERSISTED_QUERIES_MODE: 'audit' }).edge.persistedQueries.mode).toBe('audit');
    expect(loadGatewayConfig({ ...production, PERSISTED_QUERIES_MODE: 'off' }).edge.persistedQueries.mode).toBe('off');
  });

  // Apollo Server writes a registration without awaiting it, after the response is on its way.
  async function waitForKey(key: string): Promise<string | null> {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const value = await redisSpace.redis.get(key);
      if (value !== null) return value;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return null;
  }
});
