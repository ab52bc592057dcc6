import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { readOperations } from '@test/client-operations';
import { E2E_ENV } from '@test/e2e-environment';
import { subscribe, type LiveTransport } from '@test/live-client';
import { createProduct, loginAdmin, registerCustomer, sendOk } from '@test/shop-client';

const REPO_ROOT = join(__dirname, '..', '..');
/** A second gateway beside the one the e2e system runs, on a port of the same range. */
const SECOND_GATEWAY_PORT = Number(E2E_ENV.GATEWAY_PORT) + 20;
const SECOND_GATEWAY_URL = `http://127.0.0.1:${SECOND_GATEWAY_PORT}/graphql`;

async function startSecondGateway(): Promise<ChildProcess> {
  const gateway = spawn(process.execPath, [join(REPO_ROOT, 'gateway', 'dist', 'main.js')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...E2E_ENV, GATEWAY_PORT: String(SECOND_GATEWAY_PORT) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = once(gateway, 'exit').then(([code]) => {
    throw new Error(`The second gateway exited (code ${code})`);
  });
  const ready = (async () => {
    for (;;) {
      const healthy = await fetch(SECOND_GATEWAY_URL.replace(/\/graphql$/, '/health')).then((r) => r.ok, () => false);
      if (healthy) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  await Promise.race([ready, exited]);
  return gateway;
}

describe.each<LiveTransport>(['websocket', 'sse'])('live order status with two gateway instances, over %s', (transport) => {
  let second: ChildProcess;

  beforeAll(async () => {
    second = await startSecondGateway();
  }, 90_000);

  afterAll(async () => {
    if (!second || second.exitCode !== null) return;
    const exited = once(second, 'exit');
    second.kill('SIGTERM');
    await exited;
  });

  it('streams on one instance an order placed through the other', async () => {
    const admin = await loginAdmin();
    const customer = await registerCustomer();
    const product = await createProduct(admin, { initialStock: 3 });
    // Placed through the e2e system's gateway (the simulator loses this token's first answers, so the order is
    // still PENDING when followed)...
    const { placeOrder } = await sendOk(
      'PlaceOrder',
      { input: { items: [{ productId: product.id, quantity: 1 }], paymentToken: 'tok_processingError' } },
      customer.accessToken,
    );
    // ...followed through the second one, which hears the same order-status stream.
    const run = await subscribe(
      transport,
      SECOND_GATEWAY_URL,
      { query: readOperations().get('OrderStatus')!, variables: { id: placeOrder.id } },
      customer.accessToken,
    ).finished;

    expect(run.completed).toBe(true);
    expect(run.events[0].data!.orderStatusChanged.status).toBe('PENDING');
    expect(run.events[run.events.length - 1].data!.orderStatusChanged).toMatchObject({ id: placeOrder.id, status: 'CONFIRMED' });
  });
});
