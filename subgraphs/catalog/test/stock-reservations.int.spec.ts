import { randomUUID } from 'node:crypto';
import { errorCodes } from '@test/graphql-client';
import { StockService } from '../src/stock/stock.service';
import { COMMIT_STOCK, RELEASE_STOCK, RESERVE_STOCK } from './support/catalog-operations';
import { aProduct, stockOf } from './support/catalog-factory';
import { startCatalogTestApp, type CatalogTestApp } from './support/catalog-test-app';

describe(StockService.name, () => {
  let catalog: CatalogTestApp;

  beforeAll(async () => {
    catalog = await startCatalogTestApp();
  });

  afterEach(async () => {
    await catalog.reset();
  });

  afterAll(async () => {
    await catalog.close();
  });

  async function call(operation: string, variables: Record<string, unknown>) {
    const response: any = await catalog.send(operation, variables, catalog.tokens.saga);
    expect(response.errors).toBeUndefined();
    return Object.values(response.data)[0] as { orderId: string; status: string; reason: string | null };
  }

  const reserve = (orderId: string, items: { productId: string; quantity: number }[]) =>
    call(RESERVE_STOCK, { orderId, items });
  const commit = (orderId: string) => call(COMMIT_STOCK, { orderId });
  const release = (orderId: string) => call(RELEASE_STOCK, { orderId });

  describe('reserve', () => {
    it('moves the ordered units from available to reserved', async () => {
      const shirt = await aProduct(catalog.prisma, { available: 10 });
      const mug = await aProduct(catalog.prisma, { available: 3 });
      const orderId = randomUUID();

      const items = [
        { productId: shirt.id, quantity: 4 },
        { productId: mug.id, quantity: 3 },
      ];
      expect(await reserve(orderId, items)).toEqual({
        orderId,
        status: 'RESERVED',
        reason: null,
      });
      expect(await stockOf(catalog.prisma, shirt.id)).toEqual({ available: 6, reserved: 4 });
      expect(await stockOf(catalog.prisma, mug.id)).toEqual({ available: 0, reserved: 3 });
    });

    it('merges repeated lines of the same product', async () => {
      const shirt = await aProduct(catalog.prisma, { available: 10 });
      const orderId = randomUUID();
      await reserve(orderId, [{ productId: shirt.id, quantity: 2 }, { productId: shirt.id, quantity: 3 }]);
      expect(await stockOf(catalog.prisma, shirt.id)).toEqual({ available: 5, reserved: 5 });
    });

    it('is idempotent: a repeated call returns the reservation and reserves nothing more', async () => {
      const shirt = await aProduct(catalog.prisma, { available: 10 });
      const orderId = randomUUID();
      await reserve(orderId, [{ productId: shirt.id, quantity: 4 }]);
      expect(await reserve(orderId, [{ productId: shirt.id, quantity: 4 }])).toMatchObject({ status: 'RESERVED' });
      expect(await stockOf(catalog.prisma, shirt.id)).toEqual({ available: 6, reserved: 4 });
    });

    // With only the order's own units in stock, the calls that waited for the inventory row find none left:
    // their own order took them, and they must still answer RESERVED.
    it.each([
      ['reserves once when the same order is reserved concurrently', 10],
      ['answers RESERVED to every concurrent call for the same order, even when its units were the last ones', 2],
    ])('%s', async (_title, available) => {
      const shirt = await aProduct(catalog.prisma, { available });
      const orderId = randomUUID();
      const results = await Promise.all(
        Array.from({ length: 8 }, () => reserve(orderId, [{ productId: shirt.id, quantity: 2 }])),
      );
      expect(results.map((result) => result.status)).toEqual(Array(8).fill('RESERVED'));
      expect(await stockOf(catalog.prisma, shirt.id)).toEqual({ available: available - 2, reserved: 2 });
    });

    it('answers a committed order with its reservation and touches no stock, however short the stock is now', async () => {
      const shirt = await aProduct(catalog.prisma, { available: 2 });
      const orderId = randomUUID();
      await reserve(orderId, [{ productId: shirt.id, quantity: 2 }]);
      await commit(orderId);
      expect(await reserve(orderId, [{ productId: shirt.id, quantity: 2 }])).toEqual({ orderId, status: 'COMMITTED', reason: null });
      expect(await stockOf(catalog.prisma, shirt.id)).toEqual({ available: 0, reserved: 0 });
    });

    it('rejects the whole order when one line is short, naming its SKU and writing nothing', async () => {
      const shirt = await aProduct(catalog.prisma, { available: 10 });
      const mug = await aProduct(catalog.prisma, { sku: 'MUG-1', available: 1 });
      const orderId = randomUUID();

      const items = [
        { productId: shirt.id, quantity: 2 },
        { productId: mug.id, quantity: 2 },
      ];
      expect(await reserve(orderId, items)).toEqual({
        orderId,
        status: 'REJECTED',
        reason: 'Insufficient stock for MUG-1',
      });
      expect(await stockOf(catalog.prisma, shirt.id)).toEqual({ available: 10, reserved: 0 });
      expect(await stockOf(catalog.prisma, mug.id)).toEqual({ available: 1, reserved: 0 });
      expect(await catalog.prisma.stockReservation.count()).toBe(0);
    });

    it('rejects an order for an unknown product, writing nothing', async () => {
      const shirt = await aProduct(catalog.prisma, { available: 10 });
      const unknown = randomUUID();
      const result = await reserve(randomUUID(), [
        { productId: shirt.id, quantity: 1 },
        { productId: unknown, quantity: 1 },
      ]);
      expect(result).toMatchObject({ status: 'REJECTED', reason: `Unknown product ${unknown}` });
      expect(await stockOf(catalog.prisma, shirt.id)).toEqual({ available: 10, reserved: 0 });
    });

    it('lets a rejected order try again once stock has arrived', async () => {
      const shirt = await aProduct(catalog.prisma, { available: 1 });
      const orderId = randomUUID();
      expect(await reserve(orderId, [{ productId: shirt.id, quantity: 2 }])).toMatchObject({ status: 'REJECTED' });
      await catalog.prisma.inventory.update({ where: { productId: shirt.id }, data: { available: 5 } });
      expect(await reserve(orderId, [{ productId: shirt.id, quantity: 2 }])).toMatchObject({ status: 'RESERVED' });
    });

    it('never oversells: 20 concurrent buyers of 1 unit against a stock of 5 get exactly 5 reservations', async () => {
      const lamp = await aProduct(catalog.prisma, { sku: 'LAMP-1', available: 5 });
      const results = await Promise.all(
        Array.from({ length: 20 }, () => reserve(randomUUID(), [{ productId: lamp.id, quantity: 1 }])),
      );
      const statuses = results.map((result) => result.status);
      expect(statuses.filter((status) => status === 'RESERVED')).toHaveLength(5);
      expect(statuses.filter((status) => status === 'REJECTED')).toHaveLength(15);
      const reasons = new Set(results.filter((r) => r.status === 'REJECTED').map((r) => r.reason));
      expect([...reasons]).toEqual(['Insufficient stock for LAMP-1']);
      expect(await stockOf(catalog.prisma, lamp.id)).toEqual({ available: 0, reserved: 5 });
      expect(await catalog.prisma.stockReservationLine.aggregate({ _sum: { quantity: true } })).toEqual({
        _sum: { quantity: 5 },
      });
    });

    it('does not deadlock when concurrent orders hold the same products in opposite orders', async () => {
      const a = await aProduct(catalog.prisma, { available: 100 });
      const b = await aProduct(catalog.prisma, { available: 100 });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          reserve(
            randomUUID(),
            i % 2 === 0
              ? [{ productId: a.id, quantity: 1 }, { productId: b.id, quantity: 1 }]
              : [{ productId: b.id, quantity: 1 }, { productId: a.id, quantity: 1 }],
          ),
        ),
      );
      expect(results.every((result) => result.status === 'RESERVED')).toBe(true);
      expect(await stockOf(catalog.prisma, a.id)).toEqual({ available: 80, reserved: 20 });
      expect(await stockOf(catalog.prisma, b.id)).toEqual({ available: 80, reserved: 20 });
    });

    it.each([
      ['no items', []],
      ['a quantity of 0', [{ productId: 'PRODUCT', quantity: 0 }]],
      ['a negative quantity', [{ productId: 'PRODUCT', quantity: -2 }]],
      ['a product id that is not a UUID', [{ productId: 'abc', quantity: 1 }]],
    ])('answers BAD_USER_INPUT for %s', async (_label, items) => {
      const shirt = await aProduct(catalog.prisma, { available: 10 });
      const resolved = items.map((item) => (item.productId === 'PRODUCT' ? { ...item, productId: shirt.id } : item));
      const variables = { orderId: randomUUID(), items: resolved };
      const response = await catalog.send(RESERVE_STOCK, variables, catalog.tokens.saga);
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(await stockOf(catalog.prisma, shirt.id)).toEqual({ available: 10, reserved: 0 });
    });
  });

  describe('commit', () => {
    it('turns reserved units into sold ones, once however often it is called', async () => {
      const shirt = await aProduct(catalog.prisma, { available: 10 });
      const orderId = randomUUID();
      await reserve(orderId, [{ productId: shirt.id, quantity: 4 }]);

      expect(await commit(orderId)).toEqual({ orderId, status: 'COMMITTED', reason: null });
      expect(await commit(orderId)).toEqual({ orderId, status: 'COMMITTED', reason: null });
      expect(await stockOf(catalog.prisma, shirt.id)).toEqual({ available: 6, reserved: 0 });
      expect(await reserve(orderId, [{ productId: shirt.id, quantity: 4 }])).toMatchObject({ status: 'COMMITTED' });
    });

    it('commits once when called concurrently', async () => {
      const shirt = await aProduct(catalog.prisma, { available: 10 });
      const orderId = randomUUID();
      await reserve(orderId, [{ productId: shirt.id, quantity: 4 }]);
      await Promise.all(Array.from({ length: 6 }, () => commit(orderId)));
      expect(await stockOf(catalog.prisma, shirt.id)).toEqual({ available: 6, reserved: 0 });
    });

    it('leaves a released reservation released', async () => {
      const shirt = await aProduct(catalog.prisma, { available: 10 });
      const orderId = randomUUID();
      await reserve(orderId, [{ productId: shirt.id, quantity: 4 }]);
      await release(orderId);
      expect(await commit(orderId)).toMatchObject({ status: 'RELEASED' });
      expect(await stockOf(catalog.prisma, shirt.id)).toEqual({ available: 10, reserved: 0 });
    });

    it('answers NOT_FOUND for an order that never reserved stock', async () => {
      const response = await catalog.send(COMMIT_STOCK, { orderId: randomUUID() }, catalog.tokens.saga);
      expect(errorCodes(response)).toEqual(['NOT_FOUND']);
    });
  });

  describe('release', () => {
    it('gives reserved units back, once however often it is called', async () => {
      const shirt = await aProduct(catalog.prisma, { available: 10 });
      const orderId = randomUUID();
      await reserve(orderId, [{ productId: shirt.id, quantity: 4 }]);

      expect(await release(orderId)).toEqual({ orderId, status: 'RELEASED', reason: null });
      expect(await release(orderId)).toEqual({ orderId, status: 'RELEASED', reason: null });
      expect(await stockOf(catalog.prisma, shirt.id)).toEqual({ available: 10, reserved: 0 });
    });

    it('returns committed units to stock', async () => {
      const shirt = await aProduct(catalog.prisma, { available: 10 });
      const orderId = randomUUID();
      await reserve(orderId, [{ productId: shirt.id, quantity: 4 }]);
      await commit(orderId);

      expect(await release(orderId)).toMatchObject({ status: 'RELEASED' });
      expect(await release(orderId)).toMatchObject({ status: 'RELEASED' });
      expect(await stockOf(catalog.prisma, shirt.id)).toEqual({ available: 10, reserved: 0 });
    });

    it('releases once when called concurrently', async () => {
      const shirt = await aProduct(catalog.prisma, { available: 10 });
      const orderId = randomUUID();
      await reserve(orderId, [{ productId: shirt.id, quantity: 4 }]);
      await Promise.all(Array.from({ length: 6 }, () => release(orderId)));
      expect(await stockOf(catalog.prisma, shirt.id)).toEqual({ available: 10, reserved: 0 });
    });

    it('leaves a tombstone for an order released before it reserved, so a late reserve takes nothing', async () => {
      const shirt = await aProduct(catalog.prisma, { available: 10 });
      const orderId = randomUUID();

      expect(await release(orderId)).toEqual({ orderId, status: 'RELEASED', reason: null });
      expect(await reserve(orderId, [{ productId: shirt.id, quantity: 4 }])).toEqual({
        orderId,
        status: 'RELEASED',
        reason: null,
      });
      expect(await stockOf(catalog.prisma, shirt.id)).toEqual({ available: 10, reserved: 0 });
      expect(await catalog.prisma.stockReservationLine.count()).toBe(0);
    });

    it('keeps stock consistent when reserve and release of one order race', async () => {
      const shirt = await aProduct(catalog.prisma, { available: 10 });
      for (let round = 0; round < 5; round += 1) {
        const orderId = randomUUID();
        await Promise.all([reserve(orderId, [{ productId: shirt.id, quantity: 1 }]), release(orderId)]);
        // Whichever came first, the order ends released; a reservation that won the race is released after it.
        expect(await release(orderId)).toMatchObject({ status: 'RELEASED' });
      }
      expect(await stockOf(catalog.prisma, shirt.id)).toEqual({ available: 10, reserved: 0 });
    });
  });

  describe('access', () => {
    it.each([
      ['an administrator', 'admin', 'UNAUTHENTICATED'],
      ['a customer', 'customer', 'UNAUTHENTICATED'],
      ['a service client without the catalog:stock scope', 'pricing', 'FORBIDDEN'],
      ['an anonymous caller', undefined, 'UNAUTHENTICATED'],
    ] as const)('refuses %s', async (_label, who, code) => {
      const shirt = await aProduct(catalog.prisma, { available: 10 });
      const token = who ? catalog.tokens[who] : undefined;
      const orderId = randomUUID();
      for (const [operation, variables] of [
        [RESERVE_STOCK, { orderId, items: [{ productId: shirt.id, quantity: 1 }] }],
        [COMMIT_STOCK, { orderId }],
        [RELEASE_STOCK, { orderId }],
      ] as const) {
        expect(errorCodes(await catalog.send(operation, variables, token))).toEqual([code]);
      }
      expect(await stockOf(catalog.prisma, shirt.id)).toEqual({ available: 10, reserved: 0 });
      expect(await catalog.prisma.stockReservation.count()).toBe(0);
    });
  });
});
