import { randomUUID } from 'node:crypto';
import { errorCodes } from '@test/graphql-client';
import { OrdersService } from '../src/orders/orders.service';
import { ORDER, ORDERS_TEST_TIMEOUT_MS, OrdersTestEnvironment, PLACE_ORDER } from './support/orders-test-env';

jest.setTimeout(ORDERS_TEST_TIMEOUT_MS);

const USER_ORDERS = `query UserOrders($r: [_Any!]!) {
  _entities(representations: $r) { ... on User { id orders { id status total { amount currency } } } }
}`;

const ORDER_REFERENCES = `query OrderReferences($r: [_Any!]!) {
  _entities(representations: $r) { ... on Order { id status customer { id } } }
}`;

describe(OrdersService.name, () => {
  let env: OrdersTestEnvironment;

  beforeAll(async () => {
    env = await OrdersTestEnvironment.start();
  });

  afterAll(async () => {
    await env?.stop();
  });

  const orderCount = () => env.prisma.order.count();

  describe('placeOrder', () => {
    it('prices the order from the catalog and snapshots the lines', async () => {
      const customerId = randomUUID();
      const token = await env.customerToken(customerId);
      const mug = await env.catalog.addProduct({ name: 'Mug', price: { amount: 800, currency: 'USD' } });
      const tea = await env.catalog.addProduct({ name: 'Tea', price: { amount: 450, currency: 'USD' } });
      const placed = await env.placeOrder(token, {
        items: [
          { productId: mug.id, quantity: 2 },
          { productId: tea.id, quantity: 1 },
        ],
      });
      expect(placed).toMatchObject({ status: 'PENDING', total: { amount: 2050, currency: 'USD' } });

      const order = (await env.request(ORDER, { id: placed.id }, token)).data?.order;
      expect(order.customer).toEqual({ id: customerId });
      expect(order.items).toEqual([
        { quantity: 2, productName: 'Mug', unitPrice: { amount: 800, currency: 'USD' }, product: { id: mug.id } },
        { quantity: 1, productName: 'Tea', unitPrice: { amount: 450, currency: 'USD' }, product: { id: tea.id } },
      ]);
      expect(new Date(order.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
      await env.waitForSagaDone(placed.id);
    });

    it('answers with the order as stored, its creation time included', async () => {
      const token = await env.customerToken(randomUUID());
      const product = await env.catalog.addProduct({ price: { amount: 999, currency: 'EUR' } });
      const response = await env.request(
        `mutation PlaceOrder($input: PlaceOrderInput!) { placeOrder(input: $input) { id status createdAt total { amount currency } } }`,
        { input: { items: [{ productId: product.id, quantity: 3 }], paymentToken: 'tok_visa', idempotencyKey: randomUUID() } },
        token,
      );
      const placed = response.data?.placeOrder;
      expect(placed).toMatchObject({ status: 'PENDING', total: { amount: 2997, currency: 'EUR' } });

      const stored = await env.prisma.order.findUniqueOrThrow({ where: { id: placed.id }, include: { events: true, saga: true } });
      expect(stored.createdAt.toISOString()).toBe(placed.createdAt);
      expect(stored.events.map((event) => [event.sequence, event.type])).toEqual([[1, 'ORDER_PLACED']]);
      expect(stored.saga).not.toBeNull();
      await env.waitForSagaDone(placed.id);
    });

    it('creates exactly one order and one saga for 10 concurrent calls with the same idempotency key', async () => {
      const customerId = randomUUID();
      const token = await env.customerToken(customerId);
      const product = await env.catalog.addProduct({ available: 100 });
      const input = { items: [{ productId: product.id, quantity: 1 }], idempotencyKey: `checkout-${randomUUID()}` };

      const placed = await Promise.all(Array.from({ length: 10 }, () => env.placeOrder(token, input)));
      expect(new Set(placed.map((order) => order.id)).size).toBe(1);
      expect(await env.prisma.order.count({ where: { customerId } })).toBe(1);
      expect(await env.prisma.checkoutSaga.count({ where: { orderId: placed[0].id } })).toBe(1);

      await env.waitForStatus(placed[0].id, 'CONFIRMED');
      expect(env.remoteCalls(placed[0].id).filter((call) => call === 'reserveStock')).toHaveLength(1);
      const again = await env.placeOrder(token, input);
      expect(again.id).toBe(placed[0].id);
      // Another customer's identical key is another order.
      const other = await env.placeOrder(await env.customerToken(randomUUID()), input);
      expect(other.id).not.toBe(placed[0].id);
      await env.waitForSagaDone(other.id);
    });

    it('answers a retry with the order placed first, even while the catalog is unreachable', async () => {
      const token = await env.customerToken(randomUUID());
      const product = await env.catalog.addProduct({ available: 10 });
      const input = { items: [{ productId: product.id, quantity: 1 }], paymentToken: 'tok_visa', idempotencyKey: randomUUID() };
      const placed = await env.placeOrder(token, input);

      env.catalog.proxy.failAlways('_entities');
      try {
        expect((await env.placeOrder(token, input)).id).toBe(placed.id);
        // Without an order behind the key, the outage is the answer.
        const fresh = await env.request(PLACE_ORDER, { input: { ...input, idempotencyKey: randomUUID() } }, token);
        expect(errorCodes(fresh)).toEqual(['SERVICE_UNAVAILABLE']);
      } finally {
        env.catalog.proxy.clearFaults();
      }
      await env.waitForSagaDone(placed.id);
    });

    it.each([
      ['no items', { items: [], paymentToken: 'tok_visa' }],
      ['a malformed product id', { items: [{ productId: 'nope', quantity: 1 }], paymentToken: 'tok_visa' }],
      ['a zero quantity', { items: [{ productId: randomUUID(), quantity: 0 }], paymentToken: 'tok_visa' }],
      ['an empty payment token', { items: [{ productId: randomUUID(), quantity: 1 }], paymentToken: '' }],
      ['an unknown product', { items: [{ productId: randomUUID(), quantity: 1 }], paymentToken: 'tok_visa' }],
    ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_case, input) => {
      const before = await orderCount();
      const response = await env.request(PLACE_ORDER, { input }, await env.customerToken(randomUUID()));
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(await orderCount()).toBe(before);
    });

    it('refuses items in different currencies', async () => {
      const euro = await env.catalog.addProduct({ price: { amount: 100, currency: 'EUR' } });
      const dollar = await env.catalog.addProduct({ price: { amount: 100, currency: 'USD' } });
      const before = await orderCount();
      const response = await env.request(
        PLACE_ORDER,
        { input: { items: [{ productId: euro.id, quantity: 1 }, { productId: dollar.id, quantity: 1 }], paymentToken: 'tok_visa' } },
        await env.customerToken(randomUUID()),
      );
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0].message).toContain('one currency');
      expect(await orderCount()).toBe(before);
    });

    it('requires a signed-in user', async () => {
      const product = await env.catalog.addProduct();
      const input = { items: [{ productId: product.id, quantity: 1 }], paymentToken: 'tok_visa' };
      expect(errorCodes(await env.request(PLACE_ORDER, { input }))).toEqual(['UNAUTHENTICATED']);
      const serviceToken = await env.issuer.serviceToken('gateway', []);
      expect(errorCodes(await env.request(PLACE_ORDER, { input }, serviceToken))).toEqual(['UNAUTHENTICATED']);
    });
  });

  describe('order', () => {
    it("answers NOT_FOUND for another customer's order, and shows any order to an admin", async () => {
      const owner = await env.customerToken(randomUUID());
      const placed = await env.placeOrder(owner, { items: [{ productId: (await env.catalog.addProduct()).id, quantity: 1 }] });
      await env.waitForSagaDone(placed.id);

      const stranger = await env.request(ORDER, { id: placed.id }, await env.customerToken(randomUUID()));
      expect(errorCodes(stranger)).toEqual(['NOT_FOUND']);
      const admin = await env.request(ORDER, { id: placed.id }, await env.adminToken());
      expect(admin.data?.order).toMatchObject({ id: placed.id, status: 'CONFIRMED' });
      expect(errorCodes(await env.request(ORDER, { id: randomUUID() }, owner))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await env.request(ORDER, { id: 'not-an-id' }, owner))).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(await env.request(ORDER, { id: placed.id }))).toEqual(['UNAUTHENTICATED']);
    });

    it("refuses to cancel another customer's order", async () => {
      const placed = await env.placeOrder(await env.customerToken(randomUUID()), {
        items: [{ productId: (await env.catalog.addProduct()).id, quantity: 1 }],
      });
      await env.waitForSagaDone(placed.id);
      const response = await env.request(
        `mutation($id: ID!) { cancelOrder(id: $id) { id status } }`,
        { id: placed.id },
        await env.customerToken(randomUUID()),
      );
      expect(errorCodes(response)).toEqual(['NOT_FOUND']);
      expect((await env.prisma.order.findUniqueOrThrow({ where: { id: placed.id } })).status).toBe('CONFIRMED');
    });
  });

  describe('User.orders', () => {
    it("lists a user's orders newest first, for the user, an admin or a service only", async () => {
      const customerId = randomUUID();
      const token = await env.customerToken(customerId);
      const first = await env.placeOrder(token, { items: [{ productId: (await env.catalog.addProduct()).id, quantity: 1 }] });
      const second = await env.placeOrder(token, { items: [{ productId: (await env.catalog.addProduct()).id, quantity: 2 }] });
      const otherId = randomUUID();
      const representations = [{ __typename: 'User', id: customerId }];

      const own = await env.request(USER_ORDERS, { r: representations }, token);
      expect(own.data?._entities[0].orders.map((order: { id: string }) => order.id)).toEqual([second.id, first.id]);
      const service = await env.request(USER_ORDERS, { r: representations }, await env.issuer.serviceToken('orders', ['accounts:read']));
      expect(service.data?._entities[0].orders).toHaveLength(2);
      const admin = await env.request(USER_ORDERS, { r: representations }, await env.adminToken());
      expect(admin.data?._entities[0].orders).toHaveLength(2);
      const stranger = await env.request(USER_ORDERS, { r: [{ __typename: 'User', id: customerId }] }, await env.customerToken(otherId));
      expect(errorCodes(stranger)).toEqual(['FORBIDDEN']);
      expect(errorCodes(await env.request(USER_ORDERS, { r: representations }))).toEqual(['UNAUTHENTICATED']);
      await Promise.all([env.waitForSagaDone(first.id), env.waitForSagaDone(second.id)]);
    });
  });

  describe('Order references', () => {
    it('resolves a batch of references for their owner and refuses strangers', async () => {
      const customerId = randomUUID();
      const token = await env.customerToken(customerId);
      const a = await env.placeOrder(token, { items: [{ productId: (await env.catalog.addProduct()).id, quantity: 1 }] });
      const b = await env.placeOrder(token, { items: [{ productId: (await env.catalog.addProduct()).id, quantity: 1 }] });
      const representations = [a.id, b.id, randomUUID()].map((id) => ({ __typename: 'Order', id }));

      const own = await env.request(ORDER_REFERENCES, { r: representations }, token);
      expect(own.errors).toBeUndefined();
      expect(own.data?._entities.map((entity: { id: string } | null) => entity?.id ?? null)).toEqual([a.id, b.id, null]);
      expect(own.data?._entities[0].customer).toEqual({ id: customerId });

      const stranger = await env.request(ORDER_REFERENCES, { r: representations.slice(0, 1) }, await env.customerToken(randomUUID()));
      expect(errorCodes(stranger)).toEqual(['FORBIDDEN']);
      await Promise.all([env.waitForSagaDone(a.id), env.waitForSagaDone(b.id)]);
    });
  });

  describe('the schema', () => {
    it('offers the contract types and fields', async () => {
      const response = await env.request<{ _service: { sdl: string } }>(`{ _service { sdl } }`, {});
      const sdl = response.data?._service.sdl ?? '';
      // Described fields: each may be preceded by its """description""".
      expect(sdl).toMatch(/type Money\s+@shareable\s*\{\s*("{3}[\s\S]*?"{3}\s*)?amount: Int!\s+("{3}[\s\S]*?"{3}\s*)?currency: String!\s*\}/);
      expect(sdl).toMatch(/type Order\s+@key\(fields: "id"\)/);
      expect(sdl).toMatch(/type Product\s+@key\(fields: "id", resolvable: false\)/);
      expect(sdl).toMatch(/type User\s+@key\(fields: "id"\)/);
      const doc = '("{3}[\\s\\S]*?"{3}\\s*)?';
      expect(sdl).toMatch(new RegExp(`enum OrderStatus[^{]*\\{\\s*${['PENDING', 'CONFIRMED', 'CANCELLING', 'CANCELLED'].map((v) => `${doc}${v}\\s*`).join('')}\\}`));
      expect(sdl).toMatch(new RegExp(`placeOrder\\(\\s*${doc}input: PlaceOrderInput!\\s*\\): Order!`));
      expect(sdl).toMatch(new RegExp(`cancelOrder\\(\\s*${doc}id: ID!\\s*\\): Order!`));
      expect(sdl).toMatch(new RegExp(`order\\(\\s*${doc}id: ID!\\s*\\): Order`));
    });

    it('answers the readiness probe without a token', async () => {
      const response = await env.request(`{ __typename }`, {});
      expect(response.data).toEqual({ __typename: 'Query' });
    });
  });
});
