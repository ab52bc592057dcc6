import { seedCatalog, readSeedData, type CatalogSeedData } from '../src/seed';
import { stockOf } from './support/catalog-factory';
import { startCatalogTestApp, type CatalogTestApp } from './support/catalog-test-app';

describe(seedCatalog.name, () => {
  let catalog: CatalogTestApp;
  let databaseUrl: string;

  beforeAll(async () => {
    catalog = await startCatalogTestApp();
    databaseUrl = catalog.databaseUrl;
  });

  afterEach(async () => {
    await catalog.reset();
  });

  afterAll(async () => {
    await catalog.close();
  });

  it('loads the demo data shipped in the repository: 4 categories and about 20 products in USD', async () => {
    const data = readSeedData();
    expect(await seedCatalog({ databaseUrl }, data)).toEqual({
      categories: 4,
      productsCreated: data.products.length,
      productsUpdated: 0,
    });
    expect(data.products.length).toBeGreaterThanOrEqual(20);
    expect(await catalog.prisma.category.count()).toBe(4);
    expect(await catalog.prisma.product.count({ where: { currency: 'USD', categoryId: { not: null } } })).toBe(
      data.products.length,
    );
    const stock = await catalog.prisma.inventory.findMany({ select: { available: true } });
    expect(stock.every(({ available }) => available >= 5 && available <= 100)).toBe(true);
  });

  it('can run again without duplicating anything or resetting stock that has moved', async () => {
    const data: CatalogSeedData = {
      categories: [{ slug: 'mugs', name: 'Mugs' }],
      products: [
        { sku: 'MUG-1', name: 'Mug', priceAmount: 900, currency: 'USD', category: 'mugs', initialStock: 10 },
      ],
    };
    await seedCatalog({ databaseUrl }, data);
    const mug = await catalog.prisma.product.findUniqueOrThrow({ where: { sku: 'MUG-1' } });
    await catalog.prisma.inventory.update({ where: { productId: mug.id }, data: { available: 3, reserved: 2 } });

    const renamed = { ...data, products: [{ ...data.products[0], name: 'Big Mug', priceAmount: 1100 }] };
    expect(await seedCatalog({ databaseUrl }, renamed)).toEqual({
      categories: 1,
      productsCreated: 0,
      productsUpdated: 1,
    });

    expect(await catalog.prisma.product.count()).toBe(1);
    expect(await catalog.prisma.category.count()).toBe(1);
    expect(await catalog.prisma.product.findUniqueOrThrow({ where: { sku: 'MUG-1' } })).toMatchObject({
      name: 'Big Mug',
      priceAmount: 1100,
    });
    expect(await stockOf(catalog.prisma, mug.id)).toEqual({ available: 3, reserved: 2 });
  });

  it('refuses a product of an unknown category', async () => {
    const data: CatalogSeedData = {
      categories: [],
      products: [{ sku: 'MUG-1', name: 'Mug', priceAmount: 900, currency: 'USD', category: 'cups', initialStock: 1 }],
    };
    await expect(seedCatalog({ databaseUrl }, data)).rejects.toThrow('unknown category cups');
    expect(await catalog.prisma.product.count()).toBe(0);
  });
});
