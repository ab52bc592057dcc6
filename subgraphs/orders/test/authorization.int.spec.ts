import { randomUUID } from 'node:crypto';
import { errorCodes } from '@test/graphql-client';
import { OrdersService } from '../src/orders/orders.service';
import { ORDER, ORDERS_TEST_TIMEOUT_MS, OrdersTestEnvironment } from './support/orders-test-env';

jest.setTimeout(ORDERS_TEST_TIMEOUT_MS);

const ORDER_REFERENCES = `query OrderReferences($r: [_Any!]!) {
  _entities(representations: $r) { ... on Order { id status total { amount currency } customer { id } } }
}`;

const USER_ORDERS = `query UserOrders($r: [_Any!]!) {
  _entities(representations: $r) { ... on User { id orders { id } } }
}`;

describe(`${OrdersService.name} authorization`, () => {
  let env: OrdersTestEnvironment;

  beforeAll(async () => {
    env = await OrdersTestEnvironment.start();
  });

  afterAll(async () => {
    await env?.stop();
  });

  /** A customer with one placed order, the saga finished. */
  async function aCustomerWithAnOrder() {
    const id = randomUUID();
    const token = await env.customerToken(id);
    const order = await env.placeOrder(token, { items: [{ productId: (await env.catalog.addProduct()).id, quantity: 1 }] });
    await env.waitForSagaDone(order.id);
    return { id, token, orderId: order.id };
  }

  it("never returns another customer's order in a batch of references, while the caller's own resolves", async () => {
    const [owner, caller] = [await aCustomerWithAnOrder(), await aCustomerWithAnOrder()];
    const response = await env.request(
      ORDER_REFERENCES,
      { r: [owner.orderId, caller.orderId].map((id) => ({ __typename: 'Order', id })) },
      caller.token,
    );
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect(response.data?._entities[0]).toBeNull();
    expect(response.data?._entities[1]).toMatchObject({ id: caller.orderId, customer: { id: caller.id } });
    expect(JSON.stringify(response)).not.toContain(owner.id);
  });

  it("never lists another customer's orders through a User reference", async () => {
    const [owner, caller] = [await aCustomerWithAnOrder(), await aCustomerWithAnOrder()];
    const response = await env.request(
      USER_ORDERS,
      { r: [owner.id, caller.id].map((id) => ({ __typename: 'User', id })) },
      caller.token,
    );
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(response.data)).not.toContain(owner.orderId);
  });

  it("hides another customer's order from the order query as if it did not exist", async () => {
    const [owner, caller] = [await aCustomerWithAnOrder(), await aCustomerWithAnOrder()];
    const response = await env.request(ORDER, { id: owner.orderId }, caller.token);
    expect(errorCodes(response)).toEqual(['NOT_FOUND']);
    expect(response.data?.order ?? null).toBeNull();
  });

  it('refuses references to anonymous callers', async () => {
    const owner = await aCustomerWithAnOrder();
    const response = await env.request(ORDER_REFERENCES, { r: [{ __typename: 'Order', id: owner.orderId }] });
    expect(errorCodes(response)).toEqual([expect.stringMatching(/^(UNAUTHENTICATED|FORBIDDEN)$/)]);
    expect(response.data?._entities?.[0] ?? null).toBeNull();
  });
});
