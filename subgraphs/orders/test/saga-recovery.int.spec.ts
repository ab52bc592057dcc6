import { randomUUID } from 'node:crypto';
import { CheckoutReconciler } from '../src/saga/checkout-reconciler';
import { CHECKOUT_QUEUES, checkoutJobId } from '../src/saga/checkout-queues';
import { OutboxRelay } from '../src/saga/outbox-relay';
import { ORDERS_TEST_TIMEOUT_MS, OrdersTestEnvironment } from './support/orders-test-env';
import { startWorkerProcess, type WorkerProcess } from './support/subgraph-process';

jest.setTimeout(ORDERS_TEST_TIMEOUT_MS);

/**
 * Recovery that needs workers of their own: a worker killed while it holds a job, and several reconcilers at
 * once. The environment starts no worker in the test process; each test starts the ones it needs.
 */
describe('checkout saga recovery', () => {
  let env: OrdersTestEnvironment;
  let customerId: string;
  let token: string;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    // A short lock and stalled check, so the killed worker's job moves on quickly (the defaults say ~15 s).
    env = await OrdersTestEnvironment.start({ SAGA_LOCK_MS: '2000', SAGA_STALLED_CHECK_MS: '1000' }, { worker: false });
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await env?.stop();
  });

  beforeEach(async () => {
    customerId = randomUUID();
    token = await env.customerToken(customerId);
  });

  afterEach(() => env.clearFaults());

  it('re-enqueues a stalled step once, however many reconcilers run at the same moment', async () => {
    const product = await env.catalog.addProduct({ available: 10, price: { amount: 500, currency: 'EUR' } });
    const orderId = randomUUID();
    // Placed and published, but the job is gone (Redis lost it), and no worker runs yet.
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
          publishedAt: new Date(),
        },
      });
    });

    const relay = env.app.get(OutboxRelay);
    const reconcilers = Array.from({ length: 4 }, () => new CheckoutReconciler(env.prisma, relay, env.config));
    const later = new Date(Date.now() + env.config.saga.stalledAfterMs + 1_000);
    const results = await Promise.all(reconcilers.map((reconciler) => reconciler.reconcile(later)));
    expect(results.reduce((sum, result) => sum + result.reenqueued, 0)).toBe(1);

    await env.startWorker();
    await env.waitForStatus(orderId, 'CONFIRMED');
    expect(env.remoteCalls(orderId)).toEqual(['reserveStock', 'authorizePayment', 'capturePayment', 'commitStock']);
    await env.stopWorker();
  });

  it('hands a job held by a worker killed with SIGKILL on to another worker, which finishes the checkout', async () => {
    const product = await env.catalog.addProduct({ available: 10 });
    // The first worker's reservation call never returns: it is mid-step when it dies.
    env.catalog.proxy.failNext('reserveStock', 1, { kind: 'hang' });
    const first = await startWorkerProcess(env.processEnv());
    workers.push(first);
    const placed = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 1 }] });
    await waitUntil(() => env.remoteCalls(placed.id).includes('reserveStock'));

    await first.kill();
    const second = await startWorkerProcess(env.processEnv());
    workers.push(second);

    await env.waitForStatus(placed.id, 'CONFIRMED', 30_000);
    expect(env.remoteCalls(placed.id)).toEqual(['reserveStock', 'reserveStock', 'authorizePayment', 'capturePayment', 'commitStock']);
    expect(await env.catalog.stock(product.id)).toEqual({ available: 9, reserved: 0 });
    expect(await env.providerPayments(placed.id)).toEqual([expect.objectContaining({ status: 'captured', charges: 1 })]);
  });
});

async function waitUntil(done: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('Condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
