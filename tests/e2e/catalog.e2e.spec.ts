import { randomUUID } from 'node:crypto';
import { errorCodes } from '@test/graphql-client';
import { createProduct, loginAdmin, registerCustomer, send, sendOk, type Session } from '@test/shop-client';

describe('catalog through the gateway', () => {
  let admin: Session;

  beforeAll(async () => {
    admin = await loginAdmin();
  });

  it('lists the seeded demo categories and products', async () => {
    const { categories } = await sendOk('Categories');
    expect(categories.length).toBeGreaterThanOrEqual(4);
    const { products } = await sendOk('Products', { first: 5 });
    expect(products.totalCount).toBeGreaterThanOrEqual(20);
    expect(products.edges).toHaveLength(5);
    expect(products.pageInfo.hasNextPage).toBe(true);
    expect(products.edges[0].node).toMatchObject({ price: { currency: 'USD' }, stock: { available: expect.any(Number) } });
  });

  it('pages through a filtered product list without gaps or repeats', async () => {
    const slug = `e2e-${randomUUID().slice(0, 8)}`;
    const { createCategory } = await sendOk('CreateCategory', { slug, name: 'Paging' }, admin.accessToken);
    const created = [];
    for (let i = 0; i < 5; i += 1) {
      const { createProduct } = await sendOk(
        'CreateProduct',
        {
          input: {
            sku: `PAGE-${slug.toUpperCase()}-${i}`,
            name: `Paged ${i}`,
            priceAmount: 100 * (i + 1),
            currency: 'USD',
            categoryId: createCategory.id,
            initialStock: i === 0 ? 0 : 3,
          },
        },
        admin.accessToken,
      );
      created.push(createProduct.id);
    }

    const seen: string[] = [];
    let after: string | null = null;
    do {
      const { products }: any = await sendOk('Products', { first: 2, after, filter: { categoryId: createCategory.id } });
      expect(products.totalCount).toBe(5);
      seen.push(...products.edges.map((edge: any) => edge.node.id));
      after = products.pageInfo.hasNextPage ? products.pageInfo.endCursor : null;
    } while (after);
    expect(seen.sort()).toEqual([...created].sort());

    const { products: inStock } = await sendOk('Products', {
      first: 10,
      filter: { categoryId: createCategory.id, inStock: true, minPrice: 200, maxPrice: 400 },
    });
    expect(inStock.edges.map((edge: any) => edge.node.name).sort()).toEqual(['Paged 1', 'Paged 2', 'Paged 3']);
    expect(inStock.edges[0].node.category).toEqual({ id: createCategory.id, slug, name: 'Paging' });
  });

  it('lets only an administrator change the catalog', async () => {
    const customer = await registerCustomer();
    const input = { slug: `nope-${randomUUID().slice(0, 8)}`, name: 'Nope' };
    expect(errorCodes(await send('CreateCategory', input, customer.accessToken))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await send('CreateCategory', input))).toEqual(['UNAUTHENTICATED']);

    const product = await createProduct(admin, { initialStock: 1 });
    const { restockProduct } = await sendOk('RestockProduct', { productId: product.id, quantity: 4 }, admin.accessToken);
    expect(restockProduct.stock).toEqual({ available: 5, reserved: 0 });
    expect(errorCodes(await send('RestockProduct', { productId: product.id, quantity: 4 }, customer.accessToken))).toEqual([
      'FORBIDDEN',
    ]);
  });

  it('rejects bad catalog input and unknown products with clear codes', async () => {
    const product = await createProduct(admin, { initialStock: 1 });
    expect(errorCodes(await send('RestockProduct', { productId: product.id, quantity: 0 }, admin.accessToken))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(errorCodes(await send('CreateCategory', { slug: 'Not A Slug', name: 'x' }, admin.accessToken))).toEqual([
      'BAD_USER_INPUT',
    ]);
    const duplicate = await send(
      'CreateProduct',
      { input: { sku: product.sku, name: 'Dup', priceAmount: 1, currency: 'USD', initialStock: 1 } },
      admin.accessToken,
    );
    expect(errorCodes(duplicate)).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await send('Product', { id: randomUUID() }))).toEqual(['NOT_FOUND']);
    expect((await sendOk('Product', { id: product.id })).product.stock).toEqual({ available: 1, reserved: 0 });
  });
});
