import { randomUUID } from 'node:crypto';
import { E2E_ENV, E2E_PAYMENT_GATEWAY_URL } from '@test/e2e-environment';
import { errorCodes } from '@test/graphql-client';
import {
  createProduct,
  eventually,
  loginAdmin,
  registerCustomer,
  send,
  sendOk,
  stockOf,
  waitForTerminalOrder,
  type Session,
} from '@test/shop-client';

/** How many authorizations the payment gateway simulator really created for an order. */
async function chargesFor(orderId: string): Promise<number> {
  const response = await fetch(`${E2E_PAYMENT_GATEWAY_URL}/v1/payments?reference=${orderId}`, {
    headers: { authorization: `Bearer ${E2E_ENV.PAYMENT_GATEWAY_API_KEY ?? 'sk_test_simulator'}` },
  });
  const body = (await response.json()) as { data: { charges: number }[] };
  return body.data.reduce((sum, payment) => sum + payment.charges, 0);
}

describe('checkout through the gateway', () => {
  let admin: Session;
  let customer: Session;

  beforeAll(async () => {
    admin = await loginAdmin();
  });

  beforeEach(async () => {
    customer = await registerCustomer();
  });

  const placeOrder = (session: Session, items: { productId: string; quantity: number }[], paymentToken = 'tok_visa', idempotencyKey?: string) =>
    send('PlaceOrder', { input: { items, paymentToken, idempotencyKey } }, session.accessToken);

  it('confirms a paid order: stock sold, payment captured, history complete', async () => {
    const product = await createProduct(admin, { priceAmount: 1250, initialStock: 5 });

    const placed = await placeOrder(customer, [{ productId: product.id, quantity: 2 }]);
    expect(placed.errors).toBeUndefined();
    expect(placed.data!.placeOrder).toMatchObject({ status: 'PENDING', total: { amount: 2500, currency: 'USD' } });

    const order = await waitForTerminalOrder(placed.data!.placeOrder.id, customer.accessToken);
    expect(order.status).toBe('CONFIRMED');
    expect(order.failureReason).toBeNull();
    expect(order.customer).toEqual({ id: customer.userId, email: customer.email });
    expect(order.items).toEqual([
      { quantity: 2, unitPrice: { amount: 1250, currency: 'USD' }, product: { id: product.id, name: `Test product ${product.sku}` } },
    ]);
    expect(order.payment).toMatchObject({ status: 'CAPTURED', amount: { amount: 2500, currency: 'USD' } });
    const types = order.history.map((event: { type: string }) => event.type);
    expect(types[0]).toBe('ORDER_PLACED');
    expect(types[types.length - 1]).toBe('ORDER_CONFIRMED');
    expect(await stockOf(product.id)).toEqual({ available: 3, reserved: 0 });
    expect(await chargesFor(order.id)).toBe(1);

    const { me } = await sendOk('Me', {}, customer.accessToken);
    expect(me.orders).toEqual([{ id: order.id, status: 'CONFIRMED', total: { amount: 2500, currency: 'USD' } }]);
  });

  it('cancels an order whose card is declined and releases its stock', async () => {
    const product = await createProduct(admin, { initialStock: 4 });

    const placed = await placeOrder(customer, [{ productId: product.id, quantity: 3 }], 'tok_chargeDeclined');
    const order = await waitForTerminalOrder(placed.data!.placeOrder.id, customer.accessToken);

    expect(order.status).toBe('CANCELLED');
    expect(order.failureReason).toMatch(/declined/i);
    expect(order.payment.status).toBe('DECLINED');
    expect(await stockOf(product.id)).toEqual({ available: 4, reserved: 0 });
    expect(await chargesFor(order.id)).toBe(0);
  });

  it('rides out a gateway that fails twice, charging exactly once', async () => {
    const product = await createProduct(admin, { initialStock: 3 });

    const placed = await placeOrder(customer, [{ productId: product.id, quantity: 1 }], 'tok_processingError');
    const order = await waitForTerminalOrder(placed.data!.placeOrder.id, customer.accessToken, 30_000);

    expect(order.status).toBe('CONFIRMED');
    expect(order.payment.status).toBe('CAPTURED');
    expect(await chargesFor(order.id)).toBe(1);
    expect(await stockOf(product.id)).toEqual({ available: 2, reserved: 0 });
  });

  it('never oversells the last units to concurrent buyers', async () => {
    const product = await createProduct(admin, { initialStock: 3 });
    const buyers = await Promise.all(Array.from({ length: 6 }, () => registerCustomer()));

    const placed = await Promise.all(buyers.map((buyer) => placeOrder(buyer, [{ productId: product.id, quantity: 1 }])));
    const orders = await Promise.all(
      placed.map((response, i) => waitForTerminalOrder(response.data!.placeOrder.id, buyers[i].accessToken, 30_000)),
    );

    const statuses = orders.map((order) => order.status).sort();
    expect(statuses).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED', 'CONFIRMED', 'CONFIRMED', 'CONFIRMED']);
    for (const order of orders.filter((o) => o.status === 'CANCELLED')) {
      expect(order.failureReason).toMatch(/stock/i);
      expect(await chargesFor(order.id)).toBe(0);
    }
    expect(await stockOf(product.id)).toEqual({ available: 0, reserved: 0 });
  });

  it('returns the same order for retries with the same idempotency key, even concurrent ones', async () => {
    const product = await createProduct(admin, { initialStock: 10 });
    const key = randomUUID();

    const attempts = await Promise.all(
      Array.from({ length: 5 }, () => placeOrder(customer, [{ productId: product.id, quantity: 1 }], 'tok_visa', key)),
    );
    const ids = new Set(attempts.map((attempt) => attempt.data!.placeOrder.id));
    expect(ids.size).toBe(1);

    const [orderId] = [...ids];
    await waitForTerminalOrder(orderId, customer.accessToken);
    const again = await placeOrder(customer, [{ productId: product.id, quantity: 1 }], 'tok_visa', key);
    expect(again.data!.placeOrder.id).toBe(orderId);

    const { me } = await sendOk('Me', {}, customer.accessToken);
    expect(me.orders).toHaveLength(1);
    expect(await stockOf(product.id)).toEqual({ available: 9, reserved: 0 });
    expect(await chargesFor(orderId)).toBe(1);
  });

  it('cancels a confirmed order: payment refunded, stock returned', async () => {
    const product = await createProduct(admin, { initialStock: 2 });
    const placed = await placeOrder(customer, [{ productId: product.id, quantity: 2 }]);
    const confirmed = await waitForTerminalOrder(placed.data!.placeOrder.id, customer.accessToken);
    expect(confirmed.status).toBe('CONFIRMED');

    const cancelled = await sendOk('CancelOrder', { id: confirmed.id }, customer.accessToken);
    expect(cancelled.cancelOrder.id).toBe(confirmed.id);
    expect(['CANCELLING', 'CANCELLED']).toContain(cancelled.cancelOrder.status);

    const order = await waitForTerminalOrder(confirmed.id, customer.accessToken);
    expect(order.status).toBe('CANCELLED');
    await eventually(async () => {
      const { order: latest } = await sendOk('Order', { id: confirmed.id }, customer.accessToken);
      expect(latest.payment.status).toBe('REFUNDED');
    });
    expect(await stockOf(product.id)).toEqual({ available: 2, reserved: 0 });
  });

  it('cancels a pending order before it is confirmed and undoes whatever the saga did', async () => {
    const product = await createProduct(admin, { initialStock: 2 });
    const placed = await placeOrder(customer, [{ productId: product.id, quantity: 1 }]);

    const cancelled = await send('CancelOrder', { id: placed.data!.placeOrder.id }, customer.accessToken);
    // The saga may have confirmed the order in the meantime; either way cancelling must succeed.
    expect(cancelled.errors).toBeUndefined();

    const order = await waitForTerminalOrder(placed.data!.placeOrder.id, customer.accessToken);
    expect(order.status).toBe('CANCELLED');
    await eventually(async () => expect(await stockOf(product.id)).toEqual({ available: 2, reserved: 0 }));
    await eventually(async () => {
      const { order: latest } = await sendOk('Order', { id: order.id }, customer.accessToken);
      expect(latest.payment === null || ['VOIDED', 'REFUNDED', 'DECLINED'].includes(latest.payment.status)).toBe(true);
    });
  });

  it("keeps customers out of each other's orders, but lets an admin see them", async () => {
    const product = await createProduct(admin, { initialStock: 2 });
    const placed = await placeOrder(customer, [{ productId: product.id, quantity: 1 }]);
    const orderId = placed.data!.placeOrder.id;
    const stranger = await registerCustomer();

    const peek = await send('Order', { id: orderId }, stranger.accessToken);
    expect(errorCodes(peek)).toEqual(['NOT_FOUND']);
    const cancel = await send('CancelOrder', { id: orderId }, stranger.accessToken);
    expect(errorCodes(cancel)).toEqual(['NOT_FOUND']);
    const anonymous = await send('Order', { id: orderId });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);

    const asAdmin = await sendOk('Order', { id: orderId }, admin.accessToken);
    expect(asAdmin.order.customer.id).toBe(customer.userId);
    await waitForTerminalOrder(orderId, customer.accessToken);
  });

  it('rejects bad orders with BAD_USER_INPUT and creates nothing', async () => {
    const product = await createProduct(admin, { initialStock: 2 });
    const bad = [
      { items: [], paymentToken: 'tok_visa' },
      { items: [{ productId: product.id, quantity: 0 }], paymentToken: 'tok_visa' },
      { items: [{ productId: product.id, quantity: -1 }], paymentToken: 'tok_visa' },
      { items: [{ productId: randomUUID(), quantity: 1 }], paymentToken: 'tok_visa' },
      { items: [{ productId: 'not-a-uuid', quantity: 1 }], paymentToken: 'tok_visa' },
      { items: [{ productId: product.id, quantity: 1 }], paymentToken: '' },
    ];
    for (const input of bad) {
      const response = await send('PlaceOrder', { input }, customer.accessToken);
      expect({ input, codes: errorCodes(response) }).toEqual({ input, codes: ['BAD_USER_INPUT'] });
    }
    const anonymous = await send('PlaceOrder', { input: { items: [{ productId: product.id, quantity: 1 }], paymentToken: 'tok_visa' } });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);

    const { me } = await sendOk('Me', {}, customer.accessToken);
    expect(me.orders).toEqual([]);
    expect(await stockOf(product.id)).toEqual({ available: 2, reserved: 0 });
  });
});
