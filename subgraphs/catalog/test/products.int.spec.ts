import { randomUUID } from 'node:crypto';
import { errorCodes } from '@test/graphql-client';
import { CategoriesService } from '../src/categories/categories.service';
import { ProductsService } from '../src/products/products.service';
import { StockService } from '../src/stock/stock.service';
import { PRODUCT, PRODUCTS } from './support/catalog-operations';
import { aCategory, aProduct } from './support/catalog-factory';
import { startCatalogTestApp, type CatalogTestApp } from './support/catalog-test-app';

describe(ProductsService.name, () => {
  let catalog: CatalogTestApp;

  beforeAll(async () => {
    catalog = await startCatalogTestApp();
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await catalog.reset();
  });

  afterAll(async () => {
    await catalog.close();
  });

  /** Follows endCursor until hasNextPage is false; returns the names in order and every totalCount seen. */
  async function pageThrough(filter: Record<string, unknown> | undefined, first: number) {
    const names: string[] = [];
    const totals = new Set<number>();
    let after: string | null = null;
    for (let page = 0; page < 50; page += 1) {
      const response: any = await catalog.send(PRODUCTS, { first, after, filter });
      expect(response.errors).toBeUndefined();
      const { products } = response.data;
      totals.add(products.totalCount);
      names.push(...products.edges.map((edge: any) => edge.node.name));
      if (!products.pageInfo.hasNextPage) {
        expect(products.pageInfo.endCursor).toBe(products.edges.at(-1)?.cursor ?? null);
        return { names, totals: [...totals] };
      }
      after = products.pageInfo.endCursor;
    }
    throw new Error('pagination did not end');
  }

  describe('the product list', () => {
    let shoes: { id: string };
    let kitchen: { id: string };

    beforeEach(async () => {
      shoes = await aCategory(catalog.prisma, { slug: 'shoes', name: 'Shoes' });
      kitchen = await aCategory(catalog.prisma, { slug: 'kitchen', name: 'Kitchen' });
      const products = [
        { name: 'Anvil', priceAmount: 9000, categoryId: kitchen.id, available: 0, description: 'Heavy iron block' },
        { name: 'Boot', priceAmount: 12000, categoryId: shoes.id, available: 3 },
        { name: 'Boot', priceAmount: 11000, categoryId: shoes.id, available: 0 },
        { name: 'Cup', priceAmount: 500, categoryId: kitchen.id, available: 20, description: 'Stoneware, 50% off' },
        { name: 'Dutch oven', priceAmount: 8000, categoryId: kitchen.id, available: 2 },
        { name: 'Espadrille', priceAmount: 4000, categoryId: shoes.id, available: 7, sku: 'SHOE-SUMMER-1' },
        { name: 'Fork', priceAmount: 300, categoryId: null, available: 100 },
      ];
      for (const product of products) await aProduct(catalog.prisma, product);
    });

    it('pages through everything in name order without gaps or repeats, at any page size', async () => {
      for (const first of [1, 2, 3, 100]) {
        const { names, totals } = await pageThrough(undefined, first);
        expect(names).toEqual(['Anvil', 'Boot', 'Boot', 'Cup', 'Dutch oven', 'Espadrille', 'Fork']);
        expect(totals).toEqual([7]);
      }
    });

    it('orders products of the same name by id, so both pages of a tie are stable', async () => {
      const all: any = await catalog.send(PRODUCTS, { first: 10 });
      const bootIds = all.data.products.edges.filter((e: any) => e.node.name === 'Boot').map((e: any) => e.node.id);
      expect(bootIds).toEqual([...bootIds].sort());
      const firstBoot: any = await catalog.send(PRODUCTS, { first: 2 });
      const rest: any = await catalog.send(PRODUCTS, { first: 1, after: firstBoot.data.products.pageInfo.endCursor });
      expect(rest.data.products.edges[0].node.id).toBe(bootIds[1]);
    });

    it.each([
      ['a case-insensitive search over name, SKU and description', { search: 'BOO' }, ['Boot', 'Boot']],
      ['a search matching a SKU', { search: 'shoe-summer' }, ['Espadrille']],
      ['a search matching a description', { search: 'iron' }, ['Anvil']],
      ['a search whose % is taken literally', { search: '50%' }, ['Cup']],
      ['a search whose _ is taken literally', { search: 'o_' }, []],
      ['a category', { categoryId: 'SHOES' }, ['Boot', 'Boot', 'Espadrille']],
      ['a minimum price', { minPrice: 8000 }, ['Anvil', 'Boot', 'Boot', 'Dutch oven']],
      ['a maximum price', { maxPrice: 4000 }, ['Cup', 'Espadrille', 'Fork']],
      ['a price range', { minPrice: 500, maxPrice: 8000 }, ['Cup', 'Dutch oven', 'Espadrille']],
      ['products in stock', { inStock: true }, ['Boot', 'Cup', 'Dutch oven', 'Espadrille', 'Fork']],
      ['products out of stock', { inStock: false }, ['Anvil', 'Boot']],
      ['several criteria at once', { categoryId: 'KITCHEN', inStock: true, maxPrice: 5000 }, ['Cup']],
    ])('filters by %s across every page, counting the filtered set', async (_label, filter, expected) => {
      const resolved = { ...filter } as Record<string, unknown>;
      if (resolved.categoryId === 'SHOES') resolved.categoryId = shoes.id;
      if (resolved.categoryId === 'KITCHEN') resolved.categoryId = kitchen.id;
      const { names, totals } = await pageThrough(resolved, 2);
      expect(names).toEqual(expected);
      expect(totals).toEqual([expected.length]);
    });

    it('returns the price, category and available stock of each product', async () => {
      const response: any = await catalog.send(PRODUCTS, { first: 1, filter: { search: 'espadrille' } });
      expect(response.data.products.edges[0].node).toMatchObject({
        sku: 'SHOE-SUMMER-1',
        price: { amount: 4000, currency: 'USD' },
        category: { id: shoes.id, slug: 'shoes', name: 'Shoes' },
        stock: { available: 7 },
      });
    });

    it('returns 20 products when first is not given', async () => {
      for (let i = 0; i < 16; i += 1) await aProduct(catalog.prisma, { name: `Zz ${String(i).padStart(2, '0')}` });
      const response: any = await catalog.send(PRODUCTS, {});
      expect(response.data.products.edges).toHaveLength(20);
      expect(response.data.products.totalCount).toBe(23);
      expect(response.data.products.pageInfo.hasNextPage).toBe(true);
    });

    it.each([
      ['first of 0', { first: 0 }],
      ['first of 101', { first: 101 }],
      ['a malformed cursor', { after: 'not-a-cursor' }],
      ['a base64 cursor of something else', { after: Buffer.from('{"offset":3}').toString('base64url') }],
      ['a negative minimum price', { filter: { minPrice: -1 } }],
      ['a minimum price above the maximum', { filter: { minPrice: 10, maxPrice: 9 } }],
      ['a category id that is not a UUID', { filter: { categoryId: 'shoes' } }],
    ])('answers BAD_USER_INPUT for %s', async (_label, variables) => {
      const response = await catalog.send(PRODUCTS, variables);
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    });
  });

  it('reads a page of 100 products with their categories and stock in the page`s own query', async () => {
    const categories = await Promise.all([1, 2, 3].map(() => aCategory(catalog.prisma)));
    for (let i = 0; i < 100; i += 1) {
      await aProduct(catalog.prisma, { name: `Item ${String(i).padStart(3, '0')}`, categoryId: categories[i % 3].id });
    }
    const categoryLookups = jest.spyOn(catalog.app.get(CategoriesService), 'findByIds');
    const stockLookups = jest.spyOn(catalog.app.get(StockService), 'findByProductIds');

    const response: any = await catalog.send(PRODUCTS, { first: 100 });

    expect(response.data.products.edges).toHaveLength(100);
    expect(response.data.products.edges.every((edge: any) => edge.node.category && edge.node.stock)).toBe(true);
    expect(response.data.products.edges[4].node.category.id).toBe(categories[1].id);
    expect(categoryLookups).not.toHaveBeenCalled();
    expect(stockLookups).not.toHaveBeenCalled();
  });

  describe('a single product', () => {
    it('returns every contract field, attributes included', async () => {
      const attributes = { color: 'red', sizes: ['S', 'M'], details: { washable: true } };
      const created = await aProduct(catalog.prisma, {
        name: 'Red Tee',
        description: 'Soft',
        priceAmount: 1999,
        attributes,
        available: 4,
        reserved: 1,
      });
      const response: any = await catalog.send(PRODUCT, { id: created.id });
      expect(response.data.product).toEqual({
        id: created.id,
        sku: created.sku,
        name: 'Red Tee',
        description: 'Soft',
        attributes,
        price: { amount: 1999, currency: 'USD' },
        stock: { available: 4, reserved: 1 },
      });
    });

    it('tells when the product was created, as a DateTime', async () => {
      const created = await aProduct(catalog.prisma);
      const stored = await catalog.prisma.product.findUniqueOrThrow({ where: { id: created.id } });
      const query = 'query ($id: ID!) { product(id: $id) { createdAt } }';
      const response: any = await catalog.send(query, { id: created.id });
      expect(response.data.product.createdAt).toBe(stored.createdAt.toISOString());
    });

    it('answers NOT_FOUND for an unknown id', async () => {
      const response = await catalog.send(PRODUCT, { id: randomUUID() });
      expect(errorCodes(response)).toEqual(['NOT_FOUND']);
      expect(response.data?.product).toBeNull();
    });

    it('answers BAD_USER_INPUT for an id that is not a UUID', async () => {
      expect(errorCodes(await catalog.send(PRODUCT, { id: '42' }))).toEqual(['BAD_USER_INPUT']);
    });
  });
});
