import { randomUUID } from 'node:crypto';
import { errorCodes } from '@test/graphql-client';
import { ProductsService } from '../src/products/products.service';
import { aProduct, stockOf } from './support/catalog-factory';
import { CATEGORIES, CREATE_CATEGORY, RELEASE_STOCK, RESERVE_STOCK, RESTOCK_PRODUCT } from './support/catalog-operations';
import { startCatalogTestApp, type CatalogTestApp } from './support/catalog-test-app';

describe(`${ProductsService.name} authorization`, () => {
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

  it('lets anyone browse the catalog', async () => {
    const response = await catalog.send(CATEGORIES);
    expect(response.errors).toBeUndefined();
  });

  it('refuses administration to customers (FORBIDDEN) and anonymous callers (UNAUTHENTICATED), changing nothing', async () => {
    const product = await aProduct(catalog.prisma, { available: 3 });
    const restock = { productId: product.id, quantity: 5 };
    expect(errorCodes(await catalog.send(RESTOCK_PRODUCT, restock, catalog.tokens.customer))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await catalog.send(RESTOCK_PRODUCT, restock))).toEqual(['UNAUTHENTICATED']);
    const category = { slug: `denied-${randomUUID().slice(0, 8)}`, name: 'Denied' };
    expect(errorCodes(await catalog.send(CREATE_CATEGORY, category, catalog.tokens.customer))).toEqual(['FORBIDDEN']);
    expect((await stockOf(catalog.prisma, product.id)).available).toBe(3);
    expect(await catalog.prisma.category.count({ where: { slug: category.slug } })).toBe(0);
  });

  it('keeps stock reservations to the saga: customers and even administrators are refused', async () => {
    const product = await aProduct(catalog.prisma, { available: 3 });
    const reserve = { orderId: randomUUID(), items: [{ productId: product.id, quantity: 1 }] };
    for (const token of [catalog.tokens.customer, catalog.tokens.admin, catalog.tokens.pricing]) {
      expect(errorCodes(await catalog.send(RESERVE_STOCK, reserve, token))).toEqual([expect.stringMatching(/^(FORBIDDEN|UNAUTHENTICATED)$/)]);
      expect(errorCodes(await catalog.send(RELEASE_STOCK, { orderId: reserve.orderId }, token))).toHaveLength(1);
    }
    expect((await stockOf(catalog.prisma, product.id)).available).toBe(3);
  });
});
