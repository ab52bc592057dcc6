import { randomUUID } from 'node:crypto';
import { CategoriesService } from '../src/categories/categories.service';
import { ProductsService } from '../src/products/products.service';
import { PRODUCT_ENTITIES } from './support/catalog-operations';
import { aCategory, aProduct } from './support/catalog-factory';
import { startCatalogTestApp, type CatalogTestApp } from './support/catalog-test-app';

describe('catalog entity references', () => {
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

  describe(ProductsService.name, () => {
    it('prices the items of an order for the orders service, in the order asked', async () => {
      const tee = await aProduct(catalog.prisma, { name: 'Tee', priceAmount: 1999 });
      const mug = await aProduct(catalog.prisma, { name: 'Mug', priceAmount: 850 });
      const representations = [mug, tee].map(({ id }) => ({ __typename: 'Product', id }));

      const response: any = await catalog.send(PRODUCT_ENTITIES, { representations }, catalog.tokens.pricing);

      expect(response.errors).toBeUndefined();
      expect(response.data._entities).toEqual([
        { id: mug.id, name: 'Mug', price: { amount: 850, currency: 'USD' } },
        { id: tee.id, name: 'Tee', price: { amount: 1999, currency: 'USD' } },
      ]);
    });

    it('resolves a batch of 50 references with one lookup', async () => {
      const products = [];
      for (let i = 0; i < 50; i += 1) products.push(await aProduct(catalog.prisma));
      const lookups = jest.spyOn(catalog.app.get(ProductsService), 'findByIds');

      const representations = products.map(({ id }) => ({ __typename: 'Product', id }));
      const response: any = await catalog.send(PRODUCT_ENTITIES, { representations }, catalog.tokens.pricing);

      expect(response.data._entities.map((entity: any) => entity.id)).toEqual(products.map(({ id }) => id));
      expect(lookups).toHaveBeenCalledTimes(1);
      expect(lookups.mock.calls[0][0]).toHaveLength(50);
    });

    it('answers null for unknown and malformed ids, without failing the others', async () => {
      const tee = await aProduct(catalog.prisma, { name: 'Tee' });
      const representations = [randomUUID(), tee.id, 'not-a-uuid'].map((id) => ({ __typename: 'Product', id }));
      const response: any = await catalog.send(PRODUCT_ENTITIES, { representations }, catalog.tokens.pricing);
      expect(response.data._entities).toEqual([null, expect.objectContaining({ id: tee.id }), null]);
    });

    it('resolves stock and category of referenced products in batches too', async () => {
      const category = await aCategory(catalog.prisma, { slug: 'cups', name: 'Cups' });
      const products = [];
      for (let i = 0; i < 10; i += 1) {
        products.push(await aProduct(catalog.prisma, { categoryId: category.id, available: i }));
      }
      const categoryLookups = jest.spyOn(catalog.app.get(CategoriesService), 'findByIds');

      const response: any = await catalog.send(
        `query ($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on Product { id stock { available } category { slug } }
          }
        }`,
        { representations: products.map(({ id }) => ({ __typename: 'Product', id })) },
      );

      expect(response.data._entities.map((entity: any) => entity.stock.available)).toEqual([...Array(10).keys()]);
      expect(response.data._entities.every((entity: any) => entity.category.slug === 'cups')).toBe(true);
      expect(categoryLookups).toHaveBeenCalledTimes(1);
    });
  });

  describe(CategoriesService.name, () => {
    it('resolves category references in one lookup', async () => {
      const categories = [await aCategory(catalog.prisma), await aCategory(catalog.prisma)];
      const lookups = jest.spyOn(catalog.app.get(CategoriesService), 'findByIds');

      const response: any = await catalog.send(
        `query ($representations: [_Any!]!) {
          _entities(representations: $representations) { ... on Category { id slug name } }
        }`,
        { representations: categories.map(({ id }) => ({ __typename: 'Category', id })) },
      );

      expect(response.data._entities).toEqual(categories);
      expect(lookups).toHaveBeenCalledTimes(1);
    });
  });
});
