import { randomUUID } from 'node:crypto';
import { replayOrderEvents } from '../src/orders/order-events';
import { CheckoutOrchestrator } from '../src/saga/checkout-orchestrator';
import { CheckoutQueuesService } from '../src/saga/checkout-queues.service';
import { CHECKOUT_QUEUES, checkoutJobId } from '../src/saga/checkout-queues';
import { CheckoutReconciler } from '../src/saga/checkout-reconciler';
import { OutboxRelay } from '../src/saga/outbox-relay';
import { CANCEL_ORDER, ORDERS_TEST_TIMEOUT_MS, OrdersTestEnvironment } from './support/orders-test-env';

jest.setTimeout(ORDERS_TEST_TIMEOUT_MS);

const HAPPY_HISTORY = [
  'ORDER_PLACED',
  'STOCK_RESERVED',
  'PAYMENT_AUTHORIZED',
  'PAYMENT_CAPTURED',
  'STOCK_COMMITTED',
  'ORDER_CONFIRMED',
];

const SAGAS_NEEDING_ATTENTION = `query { checkoutSagasNeedingAttention { orderId status step compensating attempts lastError parkedAt order { id status } } }`;
const RETRY_SAGA = `mutation Retry($orderId: ID!) { retryCheckoutSaga(orderId: $orderId) { orderId status step attempts } }`;

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
    env.clearFaults();
  });

  async function expectReplayMatchesStoredOrder(orderId: string): Promise<void> {
    const order = await env.prisma.order.findUniqueOrThrow({ where: { id: orderId } });
    const events = await env.prisma.orderEvent.findMany({ where: { orderId }, orderBy: { sequence: 'asc' } });
    expect(replayOrderEvents(events)).toEqual({ status: order.status, failureReason: order.failureReason });
  }

  const sagaOf = (orderId: string) => env.prisma.checkoutSaga.findUniqueOrThrow({ where: { orderId } });

  describe('when everything succeeds', () => {
    it('reserves, authorizes, captures, commits and confirms, in that order', async () => {
      const product = await env.catalog.addProduct({ available: 10, price: { amount: 1999, currency: 'EUR' } });
      const placed = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 3 }] });
      expect(placed).toMatchObject({ status: 'PENDING', total: { amount: 5997, currency: 'EUR' } });

      await env.waitForStatus(placed.id, 'CONFIRMED');
      expect(env.remoteCalls(placed.id)).toEqual(['reserveStock', 'authorizePayment', 'capturePayment', 'commitStock']);
      const order = await env.order(placed.id, token);
      expect(order.history.map((event) => event.type)).toEqual(HAPPY_HISTORY);
      expect(order.failureReason).toBeNull();
      expect(await env.catalog.stock(product.id)).toEqual({ available: 7, reserved: 0 });
      expect(await env.payments.payment(placed.id)).toEqual({ status: 'CAPTURED', amount: 5997, currency: 'EUR' });
      expect(await env.providerPayments(placed.id)).toEqual([expect.objectContaining({ status: 'captured', charges: 1 })]);
      expect(await sagaOf(placed.id)).toMatchObject({ step: 'DONE', compensating: false, paymentToken: null, parkedAt: null });
      await expectReplayMatchesStoredOrder(placed.id);
    });
  });

  describe('order-status stream', () => {
    it('announces each committed status of an order, in order, with a timestamp', async () => {
      const product = await env.catalog.addProduct({ available: 3 });
      const placed = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 1 }] });
      await env.waitForStatus(placed.id, 'CONFIRMED');
      await env.waitForOutboxDrained();

      const announcements = await env.statusAnnouncements(placed.id);
      expect(distinctStatuses(announcements)).toEqual(['PENDING', 'CONFIRMED']);
      for (const entry of announcements) expect(new Date(entry.at).toISOString()).toBe(entry.at);
    });

    it('announces CANCELLING and CANCELLED when a checkout is compensated', async () => {
      const product = await env.catalog.addProduct({ available: 3 });
      const placed = await env.placeOrder(token, {
        items: [{ productId: product.id, quantity: 1 }],
        paymentToken: 'tok_chargeDeclined',
      });
      await env.waitForStatus(placed.id, 'CANCELLED');
      await env.waitForOutboxDrained();

      const announcements = await env.statusAnnouncements(placed.id);
      expect(distinctStatuses(announcements)).toEqual(['PENDING', 'CANCELLING', 'CANCELLED']);
    });
  });

  describe('when the payment is declined', () => {
    it('releases the reserved stock and cancels the order with the decline as reason', async () => {
      const product = await env.catalog.addProduct({ available: 5 });
      const placed = await env.placeOrder(token, {
        items: [{ productId: product.id, quantity: 2 }],
        paymentToken: 'tok_chargeDeclined',
      });

      await env.waitForStatus(placed.id, 'CANCELLED');
      const order = await env.order(placed.id, token);
      expect(order.failureReason).toBe('Payment declined: card_declined');
      expect(env.remoteCalls(placed.id)).toEqual(['reserveStock', 'authorizePayment', 'reversePayment', 'releaseStock']);
      expect(await env.catalog.stock(product.id)).toEqual({ available: 5, reserved: 0 });
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
    it('cancels the order without charging anything, and records no release of a reservation never made', async () => {
      const product = await env.catalog.addProduct({ available: 1, sku: `SKU-LAST-${randomUUID().slice(0, 6)}` });
      const placed = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 2 }] });

      await env.waitForStatus(placed.id, 'CANCELLED');
      const order = await env.order(placed.id, token);
      expect(order.failureReason).toBe(`Insufficient stock for ${product.sku}`);
      expect(env.remoteCalls(placed.id)).not.toContain('authorizePayment');
      expect(await env.payments.payment(placed.id)).toBeNull();
      expect(await env.catalog.stock(product.id)).toEqual({ available: 1, reserved: 0 });
      expect(order.history.map((event) => event.type)).toEqual([
        'ORDER_PLACED',
        'STOCK_REJECTED',
        'COMPENSATION_STARTED',
        'ORDER_CANCELLED',
      ]);
      await expectReplayMatchesStoredOrder(placed.id);
    });
  });

  describe('when a service is unavailable for a while', () => {
    it('retries until it succeeds, without charging or committing twice', async () => {
      const product = await env.catalog.addProduct({ available: 10 });
      env.catalog.proxy.failNext('commitStock', 2);
      const placed = await env.placeOrder(token, {
        items: [{ productId: product.id, quantity: 1 }],
        paymentToken: 'tok_processingError',
      });

      await env.waitForStatus(placed.id, 'CONFIRMED');
      const calls = env.remoteCalls(placed.id);
      expect(calls.filter((call) => call === 'commitStock')).toHaveLength(3);
      expect(calls.filter((call) => call === 'capturePayment')).toHaveLength(1);
      expect(await env.providerPayments(placed.id)).toEqual([expect.objectContaining({ status: 'captured', charges: 1 })]);
      expect(await env.catalog.stock(product.id)).toEqual({ available: 9, reserved: 0 });
      const order = await env.order(placed.id, token);
      expect(order.history.map((event) => event.type)).toEqual(HAPPY_HISTORY);
    });

    it('keeps the order PENDING past the job\'s attempts: the reconciler enqueues the step again', async () => {
      const product = await env.catalog.addProduct({ available: 10 });
      const outage = env.config.saga.stepAttempts + 1;
      env.catalog.proxy.failNext('reserveStock', outage);
      const placed = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 1 }] });

      await env.waitForStatus(placed.id, 'CONFIRMED');
      expect(env.remoteCalls(placed.id).filter((call) => call === 'reserveStock')).toHaveLength(outage + 1);
      expect((await env.order(placed.id, token)).history.map((event) => event.type)).toEqual(HAPPY_HISTORY);
    });

    it('expires a PENDING order whose step made no progress for the deadline, and releases its stock', async () => {
      const product = await env.catalog.addProduct({ available: 4 });
      env.payments.proxy.failAlways('authorizePayment');
      const placed = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 2 }] });
      await waitUntil(async () => (await sagaOf(placed.id)).attempts >= 1);
      expect(await env.catalog.stock(product.id)).toEqual({ available: 2, reserved: 2 });

      // The deadline has passed, as far as the reconciler can tell.
      const later = new Date(Date.now() + env.config.saga.expireAfterMs + 1_000);
      expect(await env.worker!.get(CheckoutReconciler).reconcile(later)).toMatchObject({ expired: 1 });

      await env.waitForStatus(placed.id, 'CANCELLED');
      const order = await env.order(placed.id, token);
      expect(order.failureReason).toBe('Checkout expired: AUTHORIZE_PAYMENT made no progress for 15 minutes');
      expect(order.history.map((event) => event.type)).toEqual([
        'ORDER_PLACED',
        'STOCK_RESERVED',
        'CHECKOUT_EXPIRED',
        'COMPENSATION_STARTED',
        'STOCK_RELEASED',
        'ORDER_CANCELLED',
      ]);
      expect(await env.catalog.stock(product.id)).toEqual({ available: 4, reserved: 0 });
      expect(await env.providerPayments(placed.id)).toEqual([]);
      await expectReplayMatchesStoredOrder(placed.id);
    });
  });

  describe('when another subgraph refuses a request (a fault, not a business outcome)', () => {
    it('retries, parks the saga with its error, and an admin retries it to completion', async () => {
      const product = await env.catalog.addProduct({ available: 5 });
      env.payments.proxy.failAlways('capturePayment', { kind: 'graphql-error', code: 'FORBIDDEN', message: 'Not allowed' });
      const placed = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 1 }] });

      await env.waitForParked(placed.id);
      // The order does not end: it stays PENDING, stock reserved and payment authorized, until someone looks.
      expect((await env.prisma.order.findUniqueOrThrow({ where: { id: placed.id } })).status).toBe('PENDING');
      expect(env.remoteCalls(placed.id).filter((call) => call === 'capturePayment')).toHaveLength(env.config.saga.stepAttempts);
      const admin = await env.adminToken();
      const listed = await env.request(SAGAS_NEEDING_ATTENTION, {}, admin);
      expect(listed.errors).toBeUndefined();
      expect(listed.data?.checkoutSagasNeedingAttention).toContainEqual({
        orderId: placed.id,
        status: 'NEEDS_ATTENTION',
        step: 'CAPTURE_PAYMENT',
        compensating: false,
        attempts: env.config.saga.stepAttempts,
        lastError: expect.stringContaining('FORBIDDEN: Not allowed'),
        parkedAt: expect.any(String),
        order: { id: placed.id, status: 'PENDING' },
      });

      env.clearFaults();
      const retried = await env.request(RETRY_SAGA, { orderId: placed.id }, admin);
      expect(retried.data?.retryCheckoutSaga).toEqual({ orderId: placed.id, status: 'RUNNING', step: 'CAPTURE_PAYMENT', attempts: 0 });
      await env.waitForStatus(placed.id, 'CONFIRMED');
      expect(await env.providerPayments(placed.id)).toEqual([expect.objectContaining({ status: 'captured', charges: 1 })]);
      expect((await env.order(placed.id, token)).history.map((event) => event.type)).toEqual(HAPPY_HISTORY);
      const after = await env.request(SAGAS_NEEDING_ATTENTION, {}, admin);
      expect(after.data?.checkoutSagasNeedingAttention.map((saga: { orderId: string }) => saga.orderId)).not.toContain(placed.id);
    });

    it('cancels a parked PENDING order at once when the customer asks, voiding the authorization', async () => {
      const product = await env.catalog.addProduct({ available: 5 });
      env.payments.proxy.failAlways('capturePayment', { kind: 'graphql-error', code: 'BAD_USER_INPUT' });
      const placed = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 1 }] });
      await env.waitForParked(placed.id);

      const cancelled = await env.request(CANCEL_ORDER, { id: placed.id }, token);
      expect(cancelled.data?.cancelOrder).toEqual({ id: placed.id, status: 'CANCELLED' });
      expect(await env.payments.payment(placed.id)).toMatchObject({ status: 'VOIDED' });
      expect(await env.catalog.stock(product.id)).toEqual({ available: 5, reserved: 0 });
      expect(await sagaOf(placed.id)).toMatchObject({ step: 'DONE', parkedAt: null });
      await expectReplayMatchesStoredOrder(placed.id);
    });

    it('parks a compensation that runs out of attempts; the retry finishes the cancellation', async () => {
      const product = await env.catalog.addProduct({ available: 5 });
      const placed = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 2 }] });
      await env.waitForStatus(placed.id, 'CONFIRMED');
      env.catalog.proxy.failAlways('releaseStock');

      await env.request(CANCEL_ORDER, { id: placed.id }, token);
      await env.waitForParked(placed.id);
      expect(await sagaOf(placed.id)).toMatchObject({
        step: 'RELEASE_STOCK',
        compensating: true,
        attempts: env.config.saga.compensationAttempts,
        lastError: expect.stringContaining('answered 503'),
      });
      expect((await env.prisma.order.findUniqueOrThrow({ where: { id: placed.id } })).status).toBe('CANCELLING');

      env.clearFaults();
      const admin = await env.adminToken();
      expect((await env.request(RETRY_SAGA, { orderId: placed.id }, admin)).errors).toBeUndefined();
      await env.waitForStatus(placed.id, 'CANCELLED');
      expect(await env.catalog.stock(product.id)).toEqual({ available: 5, reserved: 0 });
      expect(await env.payments.payment(placed.id)).toMatchObject({ status: 'REFUNDED' });
      await expectReplayMatchesStoredOrder(placed.id);
    });

    it('lets only admins see and retry sagas, and refuses a retry of a saga that is not parked', async () => {
      const product = await env.catalog.addProduct({ available: 5 });
      const placed = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 1 }] });
      await env.waitForSagaDone(placed.id);

      const asCustomer = await env.request(SAGAS_NEEDING_ATTENTION, {}, token);
      expect(asCustomer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const retryAsCustomer = await env.request(RETRY_SAGA, { orderId: placed.id }, token);
      expect(retryAsCustomer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

      const admin = await env.adminToken();
      const notParked = await env.request(RETRY_SAGA, { orderId: placed.id }, admin);
      expect(notParked.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      const unknown = await env.request(RETRY_SAGA, { orderId: randomUUID() }, admin);
      expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const invalid = await env.request(RETRY_SAGA, { orderId: 'not-an-id' }, admin);
      expect(invalid.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const badPage = await env.request(`query { checkoutSagasNeedingAttention(first: 0) { orderId } }`, {}, admin);
      expect(badPage.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('when the customer cancels', () => {
    it('compensates a PENDING order at the next step boundary', async () => {
      const product = await env.catalog.addProduct({ available: 4 });
      // The reservation keeps failing for a while, so the order is still PENDING when the cancellation lands.
      env.catalog.proxy.failNext('reserveStock', 2);
      const placed = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 4 }] });

      const cancelled = await env.request(CANCEL_ORDER, { id: placed.id }, token);
      expect(cancelled.data?.cancelOrder).toEqual({ id: placed.id, status: 'CANCELLED' });
      const order = await env.order(placed.id, token);
      expect(order.failureReason).toBe('Cancelled by customer');
      expect(order.history.map((event) => event.type)).toContain('CANCELLATION_REQUESTED');
      expect(env.remoteCalls(placed.id)).not.toContain('authorizePayment');
      expect(await env.catalog.stock(product.id)).toEqual({ available: 4, reserved: 0 });
      await expectReplayMatchesStoredOrder(placed.id);
    });

    it('refunds and restocks a CONFIRMED order', async () => {
      const product = await env.catalog.addProduct({ available: 4 });
      const placed = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 3 }] });
      await env.waitForStatus(placed.id, 'CONFIRMED');

      const cancelled = await env.request(CANCEL_ORDER, { id: placed.id }, token);
      expect(cancelled.data?.cancelOrder).toEqual({ id: placed.id, status: 'CANCELLED' });
      expect(env.remoteCalls(placed.id).slice(-2).sort()).toEqual(['releaseStock', 'reversePayment']);
      expect(await env.payments.payment(placed.id)).toMatchObject({ status: 'REFUNDED' });
      expect(await env.catalog.stock(product.id)).toEqual({ available: 4, reserved: 0 });
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
    it('changes nothing: finished steps are no-ops, and so is a republished job', async () => {
      const product = await env.catalog.addProduct({ available: 10 });
      const placed = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 2 }] });
      await env.waitForSagaDone(placed.id);
      const callsBefore = env.remoteCalls(placed.id);
      const eventsBefore = await env.prisma.orderEvent.count({ where: { orderId: placed.id } });

      await env.worker!.get(CheckoutOrchestrator).run('RESERVE_STOCK', placed.id);
      await env.worker!.get(CheckoutOrchestrator).run('CAPTURE_PAYMENT', placed.id);
      const queues = env.app.get(CheckoutQueuesService);
      const jobId = checkoutJobId(placed.id, 'AUTHORIZE_PAYMENT');
      // Finished jobs are removed, so the same id runs again; it finds the step already done.
      await queues.publish({ queue: CHECKOUT_QUEUES.AUTHORIZE_PAYMENT, jobName: 'AUTHORIZE_PAYMENT', jobId, payload: { orderId: placed.id } });
      await waitUntil(async () => (await queues.queue('AUTHORIZE_PAYMENT').getJob(jobId)) === undefined);

      expect(env.remoteCalls(placed.id)).toEqual(callsBefore);
      expect(await env.prisma.orderEvent.count({ where: { orderId: placed.id } })).toBe(eventsBefore);
      expect(await env.catalog.stock(product.id)).toEqual({ available: 8, reserved: 0 });
      expect((await env.prisma.order.findUniqueOrThrow({ where: { id: placed.id } })).status).toBe('CONFIRMED');
    });
  });

  describe('recovery from the database alone', () => {
    /** What placeOrder commits, written directly so that no relay is nudged. */
    async function writePlacedOrder(orderId: string, productId: string, productName: string, published: boolean) {
      await env.prisma.$transaction(async (tx) => {
        await tx.order.create({
          data: {
            id: orderId,
            customerId,
            totalAmount: 500,
            currency: 'EUR',
            items: { create: [{ productId, productName, quantity: 1, unitPriceAmount: 500, currency: 'EUR' }] },
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
            publishedAt: published ? new Date() : null,
          },
        });
      });
    }

    it('publishes an outbox message no commit nudged out (a crash right after the commit)', async () => {
      const product = await env.catalog.addProduct({ available: 10, price: { amount: 500, currency: 'EUR' } });
      const orderId = randomUUID();
      await writePlacedOrder(orderId, product.id, product.name, false);

      await env.waitForStatus(orderId, 'CONFIRMED');
      await env.waitForOutboxDrained();
      expect(env.remoteCalls(orderId)).toEqual(['reserveStock', 'authorizePayment', 'capturePayment', 'commitStock']);
    });

    it('enqueues again the step of a saga whose job Redis lost, and the checkout completes', async () => {
      const product = await env.catalog.addProduct({ available: 10, price: { amount: 500, currency: 'EUR' } });
      const orderId = randomUUID();
      // Published, but no such job exists in Redis: as if Redis restarted empty.
      await writePlacedOrder(orderId, product.id, product.name, true);

      await env.waitForStatus(orderId, 'CONFIRMED');
      expect(env.remoteCalls(orderId)).toEqual(['reserveStock', 'authorizePayment', 'capturePayment', 'commitStock']);
      expect((await env.order(orderId, token)).history.map((event) => event.type)).toEqual(HAPPY_HISTORY);
    });

    it('deletes messages published longer ago than the retention, and never an unpublished one', async () => {
      const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
      const retention = env.config.saga.outboxRetentionHours;
      const message = (label: string, createdAt: Date, publishedAt: Date | null) => ({
        queue: CHECKOUT_QUEUES.CONFIRM_ORDER,
        jobName: 'CONFIRM_ORDER',
        jobId: `prune-test-${label}-${randomUUID()}`,
        payload: { orderId: randomUUID() },
        createdAt,
        publishedAt,
      });
      const rows = [
        message('expired', hoursAgo(retention + 3), hoursAgo(retention + 2)),
        message('kept', hoursAgo(retention + 3), hoursAgo(retention - 1)),
        message('unpublished', hoursAgo(retention + 3), null),
      ];
      await env.prisma.outboxMessage.createMany({ data: rows });

      await env.app.get(OutboxRelay).prunePublished();
      const left = await env.prisma.outboxMessage.findMany({ where: { jobId: { in: rows.map((row) => row.jobId) } } });
      expect(left.map((row) => row.jobId).sort()).toEqual([rows[1].jobId, rows[2].jobId].sort());
      // The unpublished one is left to the sweep, which publishes it; it was never the pruning's to delete.
      await env.prisma.outboxMessage.deleteMany({ where: { jobId: { in: [rows[1].jobId, rows[2].jobId] } } });
    });
  });
});

/** The statuses announced, a repeat of the same announcement counted once (delivery is at least once). */
function distinctStatuses(announcements: { status: string }[]): string[] {
  return announcements.map((entry) => entry.status).filter((status, index, all) => status !== all[index - 1]);
}

async function waitUntil(done: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('Condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
