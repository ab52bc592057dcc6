import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { DEFAULT_REDIS_URL, catalogVersionKey } from '@retail/common';
import { catalogCachePlugin } from '../src/cache/catalog-cache.plugin';
import { CATEGORIES, COMMIT_STOCK, PRODUCT, PRODUCTS, RELEASE_STOCK, RESERVE_STOCK, RESTOCK_PRODUCT } from './support/catalog-operations';
import { aProduct } from './support/catalog-factory';
import { startCatalogTestApp, type CatalogTestApp } from './support/catalog-test-app';

describe(catalogCachePlugin.name, () => {
  let catalog: CatalogTestApp;
  let redis: Redis;
  const version = async () => redis.get(catalogVersionKey(catalog.queuePrefix));

  /** Posts as the gateway does, keeping the response's Cache-Control. */
  async function cacheControlOf(query: string, variables: Record<string, unknown> = {}, userToken?: string) {
    const { token, userToken: user } = await catalog.issuer.asGateway(userToken);
    const response = await fetch(catalog.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        ...(user ? { 'x-user-authorization': `Bearer ${user}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    await response.json();
    return response.headers.get('cache-control');
  }

  beforeAll(async () => {
    catalog = await startCatalogTestApp();
    redis = new Redis(DEFAULT_REDIS_URL);
  });

  afterEach(async () => {
    await catalog.reset();
  });

  afterAll(async () => {
    await redis.del(catalogVersionKey(catalog.queuePrefix));
    redis.disconnect();
    await catalog.close();
  });

  describe('marks public reads for shared caches', () => {
    it('a product page, a product and the categories, for anonymous and signed-in callers', async () => {
      const product = await aProduct(catalog.prisma);
      expect(await cacheControlOf(PRODUCTS, { first: 5 })).toBe('public, max-age=300');
      expect(await cacheControlOf(PRODUCT, { id: product.id })).toBe('public, max-age=300');
      expect(await cacheControlOf(CATEGORIES, {}, catalog.tokens.customer)).toBe('public, max-age=300');
    });

    it('but not an answer with errors', async () => {
      expect(await cacheControlOf(PRODUCT, { id: randomUUID() })).toBeNull();
    });

    it('nor a mutation', async () => {
      const product = await aProduct(catalog.prisma);
      expect(await cacheControlOf(RESTOCK_PRODUCT, { productId: product.id, quantity: 1 }, catalog.tokens.admin)).toBeNull();
    });
  });

  describe('raises the catalog version after each write', () => {
    it('a restock', async () => {
      const product = await aProduct(catalog.prisma);
      const before = Number(await version());
      await catalog.send(RESTOCK_PRODUCT, { productId: product.id, quantity: 2 }, catalog.tokens.admin);
      expect(Number(await version())).toBeGreaterThan(before);
    });

    it('every step of a checkout: reserve, commit and release', async () => {
      const product = await aProduct(catalog.prisma, { available: 5 });
      const steps: [string, string][] = [
        [RESERVE_STOCK, 'reserve'],
        [COMMIT_STOCK, 'commit'],
        [RELEASE_STOCK, 'release'],
      ];
      const orderId = randomUUID();
      for (const [operation] of steps) {
        const before = Number(await version());
        const variables = operation === RESERVE_STOCK ? { orderId, items: [{ productId: product.id, quantity: 1 }] } : { orderId };
        const response: any = await catalog.send(operation, variables, catalog.tokens.saga);
        expect(response.errors).toBeUndefined();
        expect(Number(await version())).toBeGreaterThan(before);
      }
    });

    it('but not a read', async () => {
      await catalog.send(RESTOCK_PRODUCT, { productId: (await aProduct(catalog.prisma)).id, quantity: 1 }, catalog.tokens.admin);
      const before = await version();
      await catalog.send(PRODUCTS, { first: 5 });
      expect(await version()).toBe(before);
    });
  });
});
