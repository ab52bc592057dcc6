import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@retail/common';
import { readOperations } from '@test/client-operations';
import { E2E_GATEWAY_URLS } from '@test/e2e-environment';
import {
  createProduct,
  loginAdmin,
  registerCustomer,
  sendOk,
  waitForTerminalOrder,
  type Session,
} from '@test/shop-client';

/** The response cache of the gateways (RESPONSE_CACHE_TTL_SECONDS, on by default in the e2e system). */
const operations = readOperations();
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'gateway', 'operations', 'manifest.json'), 'utf8')) as {
  operations: { id: string; name: string }[];
};

interface Answer {
  cache: string | null;
  cacheControl: string | null;
  body: { data?: any; errors?: { extensions?: { code?: string } }[] };
}

let sent = 0;

/** Posts to the next gateway (crossing instances with E2E_INSTANCES=2), keeping the response headers. */
async function post(body: Record<string, unknown>, token?: string): Promise<Answer> {
  const url = E2E_GATEWAY_URLS[sent++ % E2E_GATEWAY_URLS.length]!;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return {
    cache: response.headers.get('x-response-cache'),
    cacheControl: response.headers.get('cache-control'),
    body: (await response.json()) as Answer['body'],
  };
}

const run = (name: string, variables: Record<string, unknown>, token?: string) =>
  post({ query: operations.get(name), operationName: name, variables }, token);

describe('response cache through the gateway', () => {
  let admin: Session;
  let customer: Session;

  beforeAll(async () => {
    [admin, customer] = await Promise.all([loginAdmin(), registerCustomer()]);
  });

  /** The customer buys `quantity` of a product with `card`; resolves with the order's final status. */
  async function checkout(productId: string, quantity: number, card: string): Promise<string> {
    const { placeOrder } = await sendOk(
      'PlaceOrder',
      { input: { items: [{ productId, quantity }], paymentToken: card } },
      customer.accessToken,
    );
    return (await waitForTerminalOrder(placeOrder.id, customer.accessToken)).status;
  }

  it('serves a repeated public read from the cache, to anonymous and signed-in callers alike', async () => {
    const product = await createProduct(admin, { initialStock: 7 });
    const variables = { first: 5, filter: { search: product.sku } };

    const first = await run('Products', variables);
    expect(first.cache).toBe('MISS');
    const second = await run('Products', variables);
    expect(second.cache).toBe('HIT');
    expect(second.body).toEqual(first.body);
    expect(second.body.data.products.edges[0].node.stock).toEqual({ available: 7 });

    const signedIn = await run('Products', variables, customer.accessToken);
    expect(signedIn.cache).toBe('HIT');
    expect(signedIn.body).toEqual(first.body);
    // Browsers and CDNs keep nothing: they would not hear of a change.
    expect(second.cacheControl).toBe('no-store');
  });

  it('serves a persisted query sent by id from the same entry as its text', async () => {
    const product = await createProduct(admin);
    const { id } = manifest.operations.find((operation) => operation.name === 'Product')!;
    expect((await run('Product', { id: product.id })).cache).toBe('MISS');

    const byId = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: id } }, variables: { id: product.id } });
    expect(byId.cache).toBe('HIT');
    expect(byId.body.data.product.id).toBe(product.id);
  });

  it('answers with the new stock right after a restock', async () => {
    const product = await createProduct(admin, { initialStock: 3 });
    await run('Product', { id: product.id });
    expect((await run('Product', { id: product.id })).cache).toBe('HIT');

    await sendOk('RestockProduct', { productId: product.id, quantity: 4 }, admin.accessToken);

    const after = await run('Product', { id: product.id });
    expect(after.cache).toBe('MISS');
    expect(after.body.data.product.stock).toEqual({ available: 7, reserved: 0 });
  });

  it('answers with the stock a checkout left, once the order is confirmed', async () => {
    const product = await createProduct(admin, { initialStock: 5 });
    const page = { first: 5, filter: { search: product.sku } };
    await run('Products', page);
    await run('Product', { id: product.id });
    expect((await run('Products', page)).cache).toBe('HIT');

    expect(await checkout(product.id, 2, 'tok_visa')).toBe('CONFIRMED');

    expect((await run('Product', { id: product.id })).body.data.product.stock).toEqual({ available: 3, reserved: 0 });
    expect((await run('Products', page)).body.data.products.edges[0].node.stock).toEqual({ available: 3 });
  });

  it('answers with the stock a declined checkout gave back', async () => {
    const product = await createProduct(admin, { initialStock: 4 });
    await run('Product', { id: product.id });
    expect(await checkout(product.id, 3, 'tok_chargeDeclined')).toBe('CANCELLED');

    expect((await run('Product', { id: product.id })).body.data.product.stock).toEqual({ available: 4, reserved: 0 });
  });

  it('never caches a private read, nor a read that touches anything but the catalog', async () => {
    for (let i = 0; i < 2; i += 1) {
      const me = await run('Me', {}, customer.accessToken);
      expect(me.body.data.me.id).toBe(customer.userId);
      expect(me.cache).toBeNull();
    }
    const mixed = { query: 'query Mixed { categories { id } me { id email } }', variables: {} };
    for (let i = 0; i < 2; i += 1) {
      const answer = await post(mixed, customer.accessToken);
      expect(answer.body.data.me.id).toBe(customer.userId);
      expect(answer.cache).toBeNull();
    }
    // Another customer asking the same never gets the first one's answer.
    const other = await registerCustomer();
    const answer = await post(mixed, other.accessToken);
    expect(answer.body.data.me.id).toBe(other.userId);
    expect(answer.cache).toBeNull();
  });

  it('caches no answer with errors', async () => {
    const unknown = { id: '00000000-0000-4000-8000-000000000000' };
    for (let i = 0; i < 2; i += 1) {
      const answer = await run('Product', unknown);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(answer.cache).toBeNull();
    }
  });
});
