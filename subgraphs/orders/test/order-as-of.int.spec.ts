import { randomUUID } from 'node:crypto';
import { errorCodes } from '@test/graphql-client';
import { OrdersTestEnvironment } from './support/orders-test-env';

const ORDER_AS_OF = `query OrderAsOf($id: ID!, $asOf: DateTime) {
  order(id: $id, asOf: $asOf) { id status failureReason total { amount currency } history { type at } }
}`;

/** `order(id, asOf)` answers from the order's events: as it stood at any past instant. */
describe('order(id, asOf)', () => {
  let env: OrdersTestEnvironment;
  let token: string;
  let orderId: string;
  let history: { type: string; at: string }[];

  beforeAll(async () => {
    env = await OrdersTestEnvironment.start();
    token = await env.customerToken(randomUUID());
    const product = await env.catalog.addProduct({ price: { amount: 1200, currency: 'USD' } });
    orderId = (await env.placeOrder(token, { items: [{ productId: product.id, quantity: 2 }] })).id;
    await env.waitForStatus(orderId, 'CONFIRMED');
    await env.waitForSagaDone(orderId);
    history = (await env.order(orderId, token)).history;
  });

  afterAll(async () => {
    await env?.stop();
  });

  const asOf = (at: string | Date, as = token) => env.request(ORDER_AS_OF, { id: orderId, asOf: new Date(at).toISOString() }, as);

  it('answers with the status and history the order had at each of its events', async () => {
    expect(history[0].type).toBe('ORDER_PLACED');
    expect(history[history.length - 1].type).toBe('ORDER_CONFIRMED');
    for (const event of history) {
      const { data, errors } = await asOf(event.at);
      expect(errors).toBeUndefined();
      const happened = history.filter((earlier) => new Date(earlier.at) <= new Date(event.at));
      expect(data?.order.history).toEqual(happened);
      const confirmed = happened.some((earlier) => earlier.type === 'ORDER_CONFIRMED');
      expect(data?.order).toMatchObject({
        id: orderId,
        status: confirmed ? 'CONFIRMED' : 'PENDING',
        failureReason: null,
        total: { amount: 2400, currency: 'USD' },
      });
    }
  });

  it('answers as now without asOf, or with an instant after the last event', async () => {
    const now = (await env.request(ORDER_AS_OF, { id: orderId }, token)).data?.order;
    expect(now).toMatchObject({ status: 'CONFIRMED', history });
    expect((await asOf(new Date())).data?.order).toEqual(now);
  });

  it('answers NOT_FOUND before the order was placed', async () => {
    const response = await asOf(new Date(new Date(history[0].at).getTime() - 1));
    expect(errorCodes(response)).toEqual(['NOT_FOUND']);
    expect(response.data?.order).toBeNull();
  });

  it("answers NOT_FOUND for another customer's order, whatever the instant", async () => {
    const stranger = await env.customerToken(randomUUID());
    expect(errorCodes(await asOf(new Date(), stranger))).toEqual(['NOT_FOUND']);
  });

  it('refuses an asOf that is not a date-time', async () => {
    const response = await env.request(ORDER_AS_OF, { id: orderId, asOf: 'last tuesday' }, token);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0].message).toBe('asOf must be an ISO 8601 date-time');
  });
});
