import { randomUUID } from 'node:crypto';
import { errorCodes } from '@test/graphql-client';
import { loginAdmin, registerCustomer, send, sendOk, type Session } from '@test/shop-client';

describe('authorization at the gateway', () => {
  let customer: Session;
  let admin: Session;

  beforeAll(async () => {
    [customer, admin] = await Promise.all([registerCustomer(), loginAdmin()]);
  });

  it('refuses a customer calling an admin mutation with FORBIDDEN before catalog is asked', async () => {
    const slug = `e2e-denied-${randomUUID().slice(0, 8)}`;
    const response = await send('CreateCategory', { slug, name: 'Not for customers' }, customer.accessToken);
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    // 403 and the gateway's own message: catalog answers its refusals with 200 and "Administrator role required".
    expect(response.status).toBe(403);
    expect(response.errors![0]!.message).toBe('Mutation.createCategory requires scope admin');
    const { categories } = await sendOk('Categories');
    expect(categories.map((category: { slug: string }) => category.slug)).not.toContain(slug);
  });

  it('refuses anonymous callers of @authenticated fields with UNAUTHENTICATED', async () => {
    const placeOrder = await send('PlaceOrder', { input: { items: [], paymentToken: 'tok_visa' } });
    expect(errorCodes(placeOrder)).toEqual(['UNAUTHENTICATED']);
    expect(placeOrder.status).toBe(401);
    expect(errorCodes(await send('CreateCategory', { slug: `e2e-${randomUUID().slice(0, 8)}`, name: 'X' }))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });

  it('lets an administrator through', async () => {
    const slug = `e2e-allowed-${randomUUID().slice(0, 8)}`;
    const { createCategory } = await sendOk('CreateCategory', { slug, name: 'Admins only' }, admin.accessToken);
    expect(createCategory.slug).toBe(slug);
  });
});
