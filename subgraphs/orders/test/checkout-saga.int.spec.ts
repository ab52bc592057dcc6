import { randomUUID } from 'node:crypto';
import { replayOrderEvents } from '../src/orders/order-events';
import { CheckoutOrchestrator } from '../src/saga/checkout-orchestrator';
import { CheckoutQueuesService } from '../src/saga/checkout-queues.service';
import { CHECKOUT_QUEUES, checkoutJobId } from '../src/saga/checkout-queues';
import { CANCEL_ORDER, OrdersTestEnvironment } from './support/orders-test-env';

const HAPPY_HISTORY = [
  'ORDER_PLACED',
  'STOCK_RESERVED',
  'PAYMENT_AUTHORIZED',
  'PAYMENT_CAPTURED',
  'STOCK_COMMITTED',
  'ORDER_CONFIRMED',
];

describe(CheckoutOrchestrator.name, () => {
  let env: OrdersTestEnvironment;
  let customerId: string;
  let token: string;

  beforeAll(async () => {
    env = await OrdersTestEnvironment.start();
  });

  afterAll(async () => {
    await env?.stop();
  });

  beforeEach(async () => {
    customerId = randomUUID();
    token = await env.customerToken(customerId);
  });

  afterEach(() => {
    env.catalog.subgraph.clearOutages();
    env.payments.subgraph.clearOutages();
  });

  async function expectReplayMatchesStoredOrder(orderId: string): Promise<void> {
    const order = await env.prisma.order.findUniqueOrThrow({ where: { id: orderId } });
    const events = await env.prisma.orderEvent.findMany({ where: { orderId }, orderBy: { sequence: 'asc' } });
    expect(replayOrderEvents(events)).toEqual({ status: order.status, failureReason: order.failureReason });
  }

  describe('when everything succeeds', () => {
    it('reserves, authorizes, captures, commits and confirms, in that order', async () => {
      const product = env.catalog.addProduct({ available: 10, price: { amount: 1999, currency: 'EUR' } });
      const placed = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 3 }] });
      expect(placed).toMatchObject({ status: 'PENDING', total: { amount: 5997, currency: 'EUR' } });

      await env.waitForStatus(placed.id, 'CONFIRMED');
      expect(env.remoteCalls(placed.id)).toEqual(['reserveStock', 'authorizePayment', 'capturePayment', 'commitStock']);
      const order = await env.order(placed.id, token);
      expect(order.history.map((event) => event.type)).toEqual(HAPPY_HISTORY);
      expect(order.failureReason).toBeNull();
      expect(env.catalog.products.get(product.id)?.available).toBe(7);
      expect(env.payments.payments.get(placed.id)).toMatchObject({ status: 'CAPTURED', amount: { amount: 5997, currency: 'EUR' } });
      const saga = await env.prisma.checkoutSaga.findUniqueOrThrow({ where: { orderId: placed.id } });
      expect(saga).toMatchObject({ step: 'DONE', compensating: false, paymentToken: null });
      await expectReplayMatchesStoredOrder(placed.id);
    });
  });
  describe('order-status stream', () => {
    it('announces each committed status of an order, in order, with a timestamp', async () => {
      const product = env.catalog.addProduct({ available: 3 });
      const placed = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 1 }] });
      await env.waitForStatus(placed.id, 'CONFIRMED');
      await env.waitForOutboxDrained();

      const announcements = await env.statusAnnouncements(placed.id);
      expect(announcements.map((entry) => entry.status)).toEqual(['PENDING', 'CONFIRMED']);
      for (const entry of announcements) expect(new Date(entry.at).toISOString()).toBe(entry.at);
    });

    it('announces CANCELLING and CANCELLED when a checkout is compensated', async () => {
      const product = env.catalog.addProduct({ available: 3 });
      const placed = await env.placeOrder(token, {
        items: [{ productId: product.id, quantity: 1 }],
        paymentToken: 'tok_chargeDeclined',
      });
      await env.waitForStatus(placed.id, 'CANCELLED');
      await env.waitForOutboxDrained();

      const announcements = await env.statusAnnouncements(placed.id);
      expect(announcements.map((entry) => entry.status)).toEqual(['PENDING', 'CANCELLING', 'CANCELLED']);
    });
  });

  describe('when the payment is declined', () => {
    it('releases the reserved stock and cancels the order with the decline as reason', async () => {
      const product = env.catalog.addProduct({ available: 5 });
      const placed = await env.placeOrder(token, {
        items: [{ productId: product.id, quantity: 2 }],
        paymentToken: 'tok_chargeDeclined',
      });

      await env.waitForStatus(placed.id, 'CANCELLED');
      const order = await env.order(placed.id, token);
      expect(order.failureReason).toBe('Payment declined: card declined');
      expect(env.remoteCalls(placed.id)).toEqual(['reserveStock', 'authorizePayment', 'reversePayment', 'releaseStock']);
      expect(env.catalog.products.get(product.id)?.available).toBe(5);
      expect(order.history.map((event) => event.type)).toEqual([
        'ORDER_PLACED',
        'STOCK_RESERVED',
        'PAYMENT_DECLINED',
        'COMPENSATION_STARTED',
        'STOCK_RELEASED',
        'ORDER_CANCELLED',
      ]);
      await expectReplayMatchesStoredOrder(placed.id);
    });
  });

  describe('when the stock is insufficient', () => {
    it('cancels the order without charging anything', async () => {
      const product = env.catalog.addProduct({ available: 1, sku: 'SKU-LAST-ONE' });
      const placed = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 2 }] });

      await env.waitForStatus(placed.id, 'CANCELLED');
      const order = await env.order(placed.id, token);
      expect(order.failureReason).toBe('Insufficient stock for SKU SKU-LAST-ONE');
      expect(env.remoteCalls(placed.id)).not.toContain('authorizePayment');
      expect(env.remoteCalls(placed.id)).not.toContain('capturePayment');
      expect(env.payments.payments.has(placed.id)).toBe(false);
      expect(env.catalog.products.get(product.id)?.available).toBe(1);
      expect(order.history.map((event) => event.type)).toContain('STOCK_REJECTED');
      await expectReplayMatchesStoredOrder(placed.id);
    });
  });

  describe('when a remote call fails transiently', () => {
    it('retries until it succeeds, without charging or committing twice', async () => {
      const product = env.catalog.addProduct({ available: 10 });
      env.catalog.subgraph.failNext('commitStock', 2);
      const placed = await env.placeOrder(token, {
        items: [{ productId: product.id, quantity: 1 }],
        paymentToken: 'tok_processingError',
      });

      await env.waitForStatus(placed.id, 'CONFIRMED');
      const calls = env.remoteCalls(placed.id);
      expect(calls.filter((call) => call === 'authorizePayment')).toHaveLength(3);
      expect(calls.filter((call) => call === 'capturePayment')).toHaveLength(1);
      expect(calls.filter((call) => call === 'reserveStock')).toHaveLength(1);
      expect(env.catalog.products.get(product.id)?.available).toBe(9);
      const order = await env.order(placed.id, token);
      expect(order.history.map((event) => event.type)).toEqual(HAPPY_HISTORY);
    });

    it('compensates with "could not complete" once every attempt failed', async () => {
      const product = env.catalog.addProduct({ available: 10 });
      env.catalog.subgraph.failNext('reserveStock', env.config.saga.stepAttempts);
      const placed = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 1 }] });

      await env.waitForStatus(placed.id, 'CANCELLED');
      const order = await env.order(placed.id, token);
      expect(order.failureReason).toBe('Checkout failed: RESERVE_STOCK could not complete');
      expect(env.payments.payments.has(placed.id)).toBe(false);
      expect(order.history.map((event) => event.type)).toContain('CHECKOUT_FAILED');
      await expectReplayMatchesStoredOrder(placed.id);
    });
  });

  describe('when the customer cancels', () => {
    it('compensates a PENDING order at the next step boundary', async () => {
      const product = env.catalog.addProduct({ available: 4 });
      // The reservation keeps failing for a while, so the order is still PENDING when the cancellation lands.
      env.catalog.subgraph.failNext('reserveStock', 2);
      const placed = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 4 }] });

      const cancelled = await env.request(CANCEL_ORDER, { id: placed.id }, token);
      expect(cancelled.data?.cancelOrder).toEqual({ id: placed.id, status: 'CANCELLED' });
      const order = await env.order(placed.id, token);
      expect(order.failureReason).toBe('Cancelled by customer');
      expect(order.history.map((event) => event.type)).toContain('CANCELLATION_REQUESTED');
      expect(env.remoteCalls(placed.id)).not.toContain('authorizePayment');
      expect(env.catalog.products.get(product.id)?.available).toBe(4);
      await expectReplayMatchesStoredOrder(placed.id);
    });

    it('refunds and restocks a CONFIRMED order', async () => {
      const product = env.catalog.addProduct({ available: 4 });
      const placed = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 3 }] });
      await env.waitForStatus(placed.id, 'CONFIRMED');

      const cancelled = await env.request(CANCEL_ORDER, { id: placed.id }, token);
      expect(cancelled.data?.cancelOrder).toEqual({ id: placed.id, status: 'CANCELLED' });
      expect(env.remoteCalls(placed.id).slice(-2).sort()).toEqual(['releaseStock', 'reversePayment']);
      expect(env.payments.payments.get(placed.id)?.status).toBe('REFUNDED');
      expect(env.catalog.products.get(product.id)?.available).toBe(4);
      const order = await env.order(placed.id, token);
      expect(order.history.map((event) => event.type).slice(HAPPY_HISTORY.length)).toEqual([
        'CANCELLATION_REQUESTED',
        'COMPENSATION_STARTED',
        'STOCK_RELEASED',
        'PAYMENT_REVERSED',
        'ORDER_CANCELLED',
      ]);
      await expectReplayMatchesStoredOrder(placed.id);

      const again = await env.request(CANCEL_ORDER, { id: placed.id }, token);
      expect(again.errors?.[0]).toMatchObject({ message: 'Order is already cancelled', extensions: { code: 'BAD_USER_INPUT' } });
    });
  });

  describe('when a job is delivered twice', () => {
    it('changes nothing: finished steps are no-ops and republished job ids are deduplicated', async () => {
      const product = env.catalog.addProduct({ available: 10 });
      const placed = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 2 }] });
      await env.waitForSagaDone(placed.id);
      const callsBefore = env.remoteCalls(placed.id);
      const eventsBefore = await env.prisma.orderEvent.count({ where: { orderId: placed.id } });

      await env.worker.get(CheckoutOrchestrator).run('RESERVE_STOCK', placed.id);
      await env.worker.get(CheckoutOrchestrator).run('CAPTURE_PAYMENT', placed.id);
      const queues = env.app.get(CheckoutQueuesService);
      const jobId = checkoutJobId(placed.id, 'AUTHORIZE_PAYMENT');
      await queues.publish({ queue: CHECKOUT_QUEUES.AUTHORIZE_PAYMENT, jobName: 'AUTHORIZE_PAYMENT', jobId, payload: { orderId: placed.id } });
      // A copy under another id does run, and finds the step already done.
      const copy = await queues.queue('AUTHORIZE_PAYMENT').add('AUTHORIZE_PAYMENT', { orderId: placed.id }, { jobId: `${jobId}.copy` });
      await waitForJob(() => copy.isCompleted());

      expect(env.remoteCalls(placed.id)).toEqual(callsBefore);
      expect(await env.prisma.orderEvent.count({ where: { orderId: placed.id } })).toBe(eventsBefore);
      expect(env.catalog.products.get(product.id)?.available).toBe(8);
      expect((await env.prisma.order.findUniqueOrThrow({ where: { id: placed.id } })).status).toBe('CONFIRMED');
      await copy.remove();
    });
  });

  describe('when an outbox message was never nudged out', () => {
    it('is published by the interval relay and the saga runs', async () => {
      const product = env.catalog.addProduct({ available: 10, price: { amount: 500, currency: 'EUR' } });
      const orderId = randomUUID();
      // What placeOrder commits, written directly so that no relay is nudged: as if the process died right after the commit.
      await env.prisma.$transaction(async (tx) => {
        await tx.order.create({
          data: {
            id: orderId,
            customerId,
            totalAmount: 500,
            currency: 'EUR',
            items: { create: [{ productId: product.id, productName: product.name, quantity: 1, unitPriceAmount: 500, currency: 'EUR' }] },
            saga: { create: { step: 'RESERVE_STOCK', paymentToken: 'tok_visa' } },
            events: { create: [{ sequence: 1, type: 'ORDER_PLACED' }] },
          },
        });
        await tx.outboxMessage.create({
          data: {
            queue: CHECKOUT_QUEUES.RESERVE_STOCK,
            jobName: 'RESERVE_STOCK',
            jobId: checkoutJobId(orderId, 'RESERVE_STOCK'),
            payload: { orderId },
          },
        });
      });

      await env.waitForStatus(orderId, 'CONFIRMED');
      const unpublished = await env.prisma.outboxMessage.count({ where: { jobId: { startsWith: orderId }, publishedAt: null } });
      expect(unpublished).toBe(0);
      expect(env.remoteCalls(orderId)).toEqual(['reserveStock', 'authorizePayment', 'capturePayment', 'commitStock']);
    });
  });
});

async function waitForJob(done: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('Job did not complete in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
