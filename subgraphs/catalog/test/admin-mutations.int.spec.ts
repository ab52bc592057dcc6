import { randomUUID } from 'node:crypto';
import { errorCodes } from '@test/graphql-client';
import { CategoriesService } from '../src/categories/categories.service';
import { ProductsService } from '../src/products/products.service';
import { CREATE_CATEGORY, CREATE_PRODUCT, RESTOCK_PRODUCT } from './support/catalog-operations';
import { aCategory, aProduct, stockOf } from './support/catalog-factory';
import { startCatalogTestApp, type CatalogTestApp } from './support/catalog-test-app';

describe('catalog administration', () => {
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

  const productInput = (overrides: Record<string, unknown> = {}) => ({
    sku: 'tee-red-m',
    name: 'Red Tee',
    description: 'Soft cotton',
    priceAmount: 1999,
    currency: 'USD',
    attributes: { color: 'red', sizes: ['M'] },
    initialStock: 12,
    ...overrides,
  });

  describe(`${CategoriesService.name}: createCategory`, () => {
    it('lets an administrator add a category', async () => {
      const variables = { slug: 'outdoor-gear', name: 'Outdoor Gear' };
      const response: any = await catalog.send(CREATE_CATEGORY, variables, catalog.tokens.admin);
      expect(response.errors).toBeUndefined();
      expect(response.data.createCategory).toEqual({ id: expect.any(String), ...variables });
      expect(await catalog.prisma.category.count({ where: { slug: 'outdoor-gear' } })).toBe(1);
    });

    it.each([
      ['a customer', 'customer', 'FORBIDDEN'],
      ['a service client', 'saga', 'UNAUTHENTICATED'],
      ['an anonymous caller', undefined, 'UNAUTHENTICATED'],
    ] as const)('refuses %s with %s', async (_label, who, code) => {
      const token = who ? catalog.tokens[who] : undefined;
      const response = await catalog.send(CREATE_CATEGORY, { slug: 'outdoor', name: 'Outdoor' }, token);
      expect(errorCodes(response)).toEqual([code]);
      expect(await catalog.prisma.category.count()).toBe(0);
    });

    it.each([
      ['upper-case letters', 'Outdoor'],
      ['spaces', 'outdoor gear'],
      ['a trailing dash', 'outdoor-'],
      ['two dashes in a row', 'outdoor--gear'],
      ['more than 64 characters', 'a'.repeat(65)],
    ])('rejects a slug with %s and writes nothing', async (_label, slug) => {
      const response = await catalog.send(CREATE_CATEGORY, { slug, name: 'Outdoor' }, catalog.tokens.admin);
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(await catalog.prisma.category.count()).toBe(0);
    });

    it('rejects a slug that is already used', async () => {
      await aCategory(catalog.prisma, { slug: 'outdoor', name: 'Outdoor' });
      const response = await catalog.send(CREATE_CATEGORY, { slug: 'outdoor', name: 'Again' }, catalog.tokens.admin);
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(await catalog.prisma.category.findMany({ select: { name: true } })).toEqual([{ name: 'Outdoor' }]);
    });

    it('rejects an empty name', async () => {
      const response = await catalog.send(CREATE_CATEGORY, { slug: 'outdoor', name: '   ' }, catalog.tokens.admin);
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe(`${ProductsService.name}: createProduct`, () => {
    it('adds the product with its stock, normalizing the SKU', async () => {
      const category = await aCategory(catalog.prisma);
      const response: any = await catalog.send(
        CREATE_PRODUCT,
        { input: productInput({ sku: '  tee-red-m ', categoryId: category.id }) },
        catalog.tokens.admin,
      );
      expect(response.errors).toBeUndefined();
      expect(response.data.createProduct).toEqual({
        id: expect.any(String),
        sku: 'TEE-RED-M',
        name: 'Red Tee',
        price: { amount: 1999, currency: 'USD' },
        stock: { available: 12, reserved: 0 },
      });
      const stored = await catalog.prisma.product.findUniqueOrThrow({ where: { sku: 'TEE-RED-M' } });
      expect(stored).toMatchObject({ categoryId: category.id, attributes: { color: 'red', sizes: ['M'] } });
    });

    it('accepts a product without category, description or attributes', async () => {
      const response: any = await catalog.send(
        CREATE_PRODUCT,
        { input: { sku: 'PLAIN-1', name: 'Plain', priceAmount: 0, currency: 'EUR', initialStock: 0 } },
        catalog.tokens.admin,
      );
      expect(response.data.createProduct).toMatchObject({ sku: 'PLAIN-1', stock: { available: 0, reserved: 0 } });
    });

    it.each([
      ['a customer', 'customer', 'FORBIDDEN'],
      ['an anonymous caller', undefined, 'UNAUTHENTICATED'],
    ] as const)('refuses %s with %s', async (_label, who, code) => {
      const token = who ? catalog.tokens[who] : undefined;
      expect(errorCodes(await catalog.send(CREATE_PRODUCT, { input: productInput() }, token))).toEqual([code]);
      expect(await catalog.prisma.product.count()).toBe(0);
    });

    it.each([
      ['a malformed SKU', { sku: 'x' }],
      ['a negative price', { priceAmount: -1 }],
      ['a currency that is not ISO 4217 shaped', { currency: 'usd' }],
      ['a category that does not exist', { categoryId: randomUUID() }],
      ['a category id that is not a UUID', { categoryId: 'apparel' }],
      ['attributes that are an array', { attributes: ['red'] }],
      ['attributes that are a number', { attributes: 7 }],
      ['attributes over 16 KB', { attributes: { notes: 'x'.repeat(17_000) } }],
      ['a negative initial stock', { initialStock: -5 }],
      ['an empty name', { name: ' ' }],
    ])('rejects %s and writes nothing', async (_label, overrides) => {
      const response = await catalog.send(CREATE_PRODUCT, { input: productInput(overrides) }, catalog.tokens.admin);
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(await catalog.prisma.product.count()).toBe(0);
      expect(await catalog.prisma.inventory.count()).toBe(0);
    });

    it('rejects a SKU that is already used, whatever its case, and keeps the first product as it was', async () => {
      const existing = await aProduct(catalog.prisma, { sku: 'TEE-RED-M', available: 3 });
      const input = productInput({ sku: 'Tee-Red-M' });
      const response = await catalog.send(CREATE_PRODUCT, { input }, catalog.tokens.admin);
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(await catalog.prisma.product.count()).toBe(1);
      expect(await stockOf(catalog.prisma, existing.id)).toEqual({ available: 3, reserved: 0 });
    });

    it('creates exactly one product when the same SKU is submitted concurrently', async () => {
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => catalog.send(CREATE_PRODUCT, { input: productInput() }, catalog.tokens.admin)),
      );
      expect(responses.filter((response) => response.data?.createProduct)).toHaveLength(1);
      expect(responses.flatMap(errorCodes)).toEqual(Array(4).fill('BAD_USER_INPUT'));
      expect(await catalog.prisma.inventory.count()).toBe(1);
    });
  });

  describe(`${ProductsService.name}: restockProduct`, () => {
    it('adds to the available stock and leaves reserved units alone', async () => {
      const product = await aProduct(catalog.prisma, { available: 2, reserved: 3 });
      const variables = { productId: product.id, quantity: 5 };
      const response: any = await catalog.send(RESTOCK_PRODUCT, variables, catalog.tokens.admin);
      expect(response.data.restockProduct).toEqual({ id: product.id, stock: { available: 7, reserved: 3 } });
    });

    it('adds every unit of concurrent restocks', async () => {
      const product = await aProduct(catalog.prisma, { available: 0 });
      await Promise.all(
        Array.from({ length: 10 }, () =>
          catalog.send(RESTOCK_PRODUCT, { productId: product.id, quantity: 3 }, catalog.tokens.admin),
        ),
      );
      expect(await stockOf(catalog.prisma, product.id)).toEqual({ available: 30, reserved: 0 });
    });

    it.each([0, -1, 1_000_001])('rejects a quantity of %d and changes nothing', async (quantity) => {
      const product = await aProduct(catalog.prisma, { available: 2 });
      const response = await catalog.send(RESTOCK_PRODUCT, { productId: product.id, quantity }, catalog.tokens.admin);
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(await stockOf(catalog.prisma, product.id)).toEqual({ available: 2, reserved: 0 });
    });

    it('refuses to grow stock past what the database can count, changing nothing', async () => {
      const product = await aProduct(catalog.prisma, { available: 2_147_000_000 });
      const variables = { productId: product.id, quantity: 1_000_000 };
      const response = await catalog.send(RESTOCK_PRODUCT, variables, catalog.tokens.admin);
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(await stockOf(catalog.prisma, product.id)).toEqual({ available: 2_147_000_000, reserved: 0 });
    });

    it('answers NOT_FOUND for an unknown product', async () => {
      const variables = { productId: randomUUID(), quantity: 1 };
      const response = await catalog.send(RESTOCK_PRODUCT, variables, catalog.tokens.admin);
      expect(errorCodes(response)).toEqual(['NOT_FOUND']);
    });

    it.each([
      ['a customer', 'customer', 'FORBIDDEN'],
      ['an anonymous caller', undefined, 'UNAUTHENTICATED'],
    ] as const)('refuses %s with %s', async (_label, who, code) => {
      const product = await aProduct(catalog.prisma, { available: 2 });
      const token = who ? catalog.tokens[who] : undefined;
      const response = await catalog.send(RESTOCK_PRODUCT, { productId: product.id, quantity: 1 }, token);
      expect(errorCodes(response)).toEqual([code]);
      expect(await stockOf(catalog.prisma, product.id)).toEqual({ available: 2, reserved: 0 });
    });
  });
});
