import { E2E_GATEWAY_URL } from '@test/e2e-environment';
import { readOperations } from '@test/client-operations';
import { subscribe, type LiveTransport } from '@test/live-client';
import { createProduct, loginAdmin, registerCustomer, send, sendOk, type Session } from '@test/shop-client';

const ORDER_STATUS = readOperations().get('OrderStatus')!;

/** The statuses an order passes through, in the only order they can come. */
const STATUS_ORDER = ['PENDING', 'CANCELLING', 'CONFIRMED', 'CANCELLED'];

function statusesOf(events: { data?: Record<string, any> | null }[]): string[] {
  return events.map((event) => event.data!.orderStatusChanged.status);
}

/**
 * Live events never go back to an earlier status (CONFIRMED and CANCELLED end the stream) and never repeat
 * themselves: an event comes when something selected changed (the status, or e.g. the payment's status).
 */
function expectForwardOnly(events: { data?: Record<string, any> | null }[]): void {
  const statuses = statusesOf(events);
  for (let i = 1; i < events.length; i++) {
    expect(STATUS_ORDER.indexOf(statuses[i])).toBeGreaterThanOrEqual(STATUS_ORDER.indexOf(statuses[i - 1]));
    expect(events[i]).not.toEqual(events[i - 1]);
  }
}

describe.each<LiveTransport>(['websocket', 'sse'])('live order status over %s', (transport) => {
  let admin: Session;
  let customer: Session;

  beforeAll(async () => {
    admin = await loginAdmin();
  });

  beforeEach(async () => {
    customer = await registerCustomer();
  });

  const placeOrder = async (paymentToken: string, initialStock = 5) => {
    const product = await createProduct(admin, { priceAmount: 1500, initialStock });
    const { placeOrder } = await sendOk(
      'PlaceOrder',
      { input: { items: [{ productId: product.id, quantity: 1 }], paymentToken } },
      customer.accessToken,
    );
    return placeOrder.id as string;
  };

  const follow = (orderId: string, token?: string) =>
    subscribe(transport, E2E_GATEWAY_URL, { query: ORDER_STATUS, variables: { id: orderId }, operationName: 'OrderStatus' }, token);

  it('streams a paid order from its current state to CONFIRMED, with fields of every subgraph, then completes', async () => {
    const orderId = await placeOrder('tok_visa');
    const run = await follow(orderId, customer.accessToken).finished;

    expect(run.errors).toBeUndefined();
    expect(run.completed).toBe(true);
    const statuses = statusesOf(run.events);
    expectForwardOnly(run.events);
    expect(statuses[statuses.length - 1]).toBe('CONFIRMED');
    expect(run.events[run.events.length - 1]).toEqual({
      data: {
        orderStatusChanged: {
          id: orderId,
          status: 'CONFIRMED',
          failureReason: null,
          total: { amount: 1500, currency: 'USD' },
          payment: { status: 'CAPTURED' },
        },
      },
    });
  });

  it('streams a declined card to CANCELLED with its reason', async () => {
    const orderId = await placeOrder('tok_chargeDeclined');
    const run = await follow(orderId, customer.accessToken).finished;

    expect(run.completed).toBe(true);
    const last = run.events[run.events.length - 1].data!.orderStatusChanged;
    expect(last).toMatchObject({ id: orderId, status: 'CANCELLED', payment: { status: 'DECLINED' } });
    expect(last.failureReason).toMatch(/declined/i);
    expectForwardOnly(run.events);
  });

  it('follows a cancellation made while the order is pending', async () => {
    // The simulator loses this token's first answers, so the order stays PENDING while the saga retries.
    const orderId = await placeOrder('tok_processingError');
    const subscription = follow(orderId, customer.accessToken);
    const first = await subscription.firstEvent;
    expect(first?.data?.orderStatusChanged.id).toBe(orderId);

    const cancelled = await send('CancelOrder', { id: orderId }, customer.accessToken);
    expect(cancelled.errors).toBeUndefined();
    const run = await subscription.finished;

    expect(run.completed).toBe(true);
    const statuses = statusesOf(run.events);
    expectForwardOnly(run.events);
    // Seen live: the order as it was when subscribing, then its changes as they happened.
    expect(statuses[0]).toBe('PENDING');
    expect(statuses[statuses.length - 1]).toBe('CANCELLED');
  });

  it("refuses another customer's order and an anonymous caller, with no event", async () => {
    const orderId = await placeOrder('tok_visa');
    const stranger = await registerCustomer();

    const refused = await follow(orderId, stranger.accessToken).finished;
    expect(refused.events).toEqual([]);
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
    if (transport === 'sse') expect(refused.status).toBe(404);

    const anonymous = await follow(orderId).finished;
    expect(anonymous.events).toEqual([]);
    expect(anonymous.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('verifies the token before anything runs', async () => {
    const orderId = await placeOrder('tok_visa');
    const forged = await follow(orderId, 'not-a-real-token').finished;
    expect(forged.events).toEqual([]);
    if (transport === 'websocket') {
      expect(forged.closeCode).toBe(4403); // refused on connect (connection_init)
    } else {
      expect(forged.status).toBe(401);
      expect(forged.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('gives a client that reconnects the current state first, so it misses nothing', async () => {
    const orderId = await placeOrder('tok_visa');
    const before = follow(orderId, customer.accessToken);
    await before.firstEvent;
    await before.close();

    // Whatever happened while disconnected, the first event after reconnecting is the order as it is now.
    const after = await follow(orderId, customer.accessToken).finished;
    const { order } = await sendOk('Order', { id: orderId }, customer.accessToken);
    expect(after.completed).toBe(true);
    expect(after.events[after.events.length - 1].data!.orderStatusChanged.status).toBe(order.status);
    expect(order.status).toBe('CONFIRMED');
  });

  it('refuses subscriptions it does not serve as validation errors', async () => {
    const other = await subscribe(
      transport,
      E2E_GATEWAY_URL,
      { query: 'subscription { orderStatusChanged(id: "x") { id } me: orderStatusChanged(id: "y") { id } }' },
      customer.accessToken,
    ).finished;
    expect(other.events).toEqual([]);
    expect(other.errors?.map((error) => error.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});

describe('a subscription sent as a plain HTTP request', () => {
  it('gets a validation error, not an internal one', async () => {
    const customer = await registerCustomer();
    const response = await send('OrderStatus', { id: '00000000-0000-0000-0000-000000000000' }, customer.accessToken);
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(response.errors?.[0].message).toMatch(/WebSocket|Server-Sent Events/);
  });
});
