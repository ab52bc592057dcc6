import type Redis from 'ioredis';
import { PersistedQueryList, sha256Hex } from './persisted-query-manifest';
import { PersistedQueryStore } from './persisted-query-store';
import { RedisKeyValueCache } from './redis-key-value-cache';

const body = 'query Hello {\n  hello\n}';
const manifest = {
  format: 'apollo-persisted-query-manifest',
  version: 1,
  operations: [{ id: sha256Hex(body), name: 'Hello', type: 'query', body }],
};

class MapCache {
  readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key);
  }
  async set(key: string, value: string) {
    this.values.set(key, value);
  }
  async delete(key: string) {
    return this.values.delete(key);
  }
}

describe(PersistedQueryStore.name, () => {
  const list = PersistedQueryList.fromManifests([{ source: 'test', manifest }]);

  it('answers manifest ids from the manifest, whatever prefix Apollo Server puts before them', async () => {
    const store = new PersistedQueryStore(list, new MapCache(), false);
    expect(await store.get(`apq:${sha256Hex(body)}`)).toBe(body);
  });

  it('keeps registrations in the shared cache when automatic persisted queries are on', async () => {
    const apq = new MapCache();
    const store = new PersistedQueryStore(list, apq, true);
    await store.set('apq:abc', '{ x }');
    expect(await store.get('apq:abc')).toBe('{ x }');
  });

  it('drops registrations and ignores the shared cache when they are off (enforce mode)', async () => {
    const apq = new MapCache();
    apq.values.set('apq:abc', '{ x }');
    const store = new PersistedQueryStore(list, apq, false);
    await store.set('apq:def', '{ y }');
    expect(apq.values.has('apq:def')).toBe(false);
    expect(await store.get('apq:abc')).toBeUndefined();
  });
});

describe(PersistedQueryList.name, () => {
  it('refuses a manifest whose id is not the sha256 of the body', () => {
    const tampered = { ...manifest, operations: [{ ...manifest.operations[0], body: '{ everything }' }] };
    expect(() => PersistedQueryList.fromManifests([{ source: 'm.json', manifest: tampered }])).toThrow('not the sha256 of its body');
  });

  it('refuses a file in another format', () => {
    expect(() => PersistedQueryList.fromManifests([{ source: 'm.json', manifest: { operations: [] } }])).toThrow(
      'not an Apollo persisted query manifest',
    );
  });
});

describe(RedisKeyValueCache.name, () => {
  it('reads a Redis failure as a cache miss, so the client falls back to sending the query', async () => {
    const redis = { get: jest.fn().mockRejectedValue(new Error('Connection is closed.')) } as unknown as Redis;
    const logger = { warn: jest.fn(), log: jest.fn(), error: jest.fn() };
    const cache = new RedisKeyValueCache(redis, { logger });
    expect(await cache.get('apq:abc')).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('Connection is closed.'));
  });
});
