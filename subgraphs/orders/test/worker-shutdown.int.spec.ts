import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { REPO_ROOT } from '@retail/common';
import { OrdersTestEnvironment } from './support/orders-test-env';

const WORKER_SCRIPT = join(REPO_ROOT, 'subgraphs', 'orders', 'dist', 'worker.js');

/** The built saga worker process (`worker.js`, as deployed) with the environment's configuration. */
class WorkerProcess {
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, [WORKER_SCRIPT], {
      env: { PATH: process.env.PATH, NODE_ENV: 'test', BIND_HOST: '127.0.0.1', ORDERS_WORKER_PORT: '0', SHUTDOWN_GRACE_MS: '20000', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout!, this.child.stderr!]) stream.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
  }

  /** The base URL it serves its health routes on, once it logged that it listens. */
  async baseUrl(): Promise<string> {
    for (;;) {
      const match = this.log().match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) return match[1]!;
      if (this.child.exitCode !== null) throw new Error(`worker exited at start:\n${this.log()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  terminate(): void {
    this.child.kill('SIGTERM');
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  log(): string {
    // eslint-disable-next-line no-control-regex
    return this.output.join('').replace(/\u001b\[[0-9;]*m/g, '');
  }
}

async function refusesConnections(url: string): Promise<void> {
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('orders-worker shutdown (SIGTERM)', () => {
  let env: OrdersTestEnvironment;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    env = await OrdersTestEnvironment.start({}, { worker: false });
  });

  afterAll(async () => {
    worker?.kill();
    await env?.stop();
  });

  it('finishes the step in flight, takes no new job, and the order completes exactly once', async () => {
    worker = new WorkerProcess(env.processEnv());
    const baseUrl = await worker.baseUrl();
    const ready = await fetch(`${baseUrl}/health/ready`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({
      status: 200,
      body: { status: 'ok', checks: { database: { status: 'up' }, redis: { status: 'up' } } },
    });

    const token = await env.customerToken(randomUUID());
    const product = await env.catalog.addProduct({ available: 10 });
    const capture = env.payments.proxy.holdNext('capturePayment');
    const first = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 2 }] });
    await capture.arrived;

    // The capture is in flight in the worker process: stop it now.
    worker.terminate();
    await refusesConnections(`${baseUrl}/health/live`);
    const second = await env.placeOrder(token, { items: [{ productId: product.id, quantity: 1 }] });
    capture.release();

    expect(await worker.exited).toBe(0);
    expect(worker.log()).toMatch(/SIGTERM received/);
    // The draining worker finished the capture but took no job of the order placed after SIGTERM.
    expect(env.remoteCalls(first.id)).toEqual(['reserveStock', 'authorizePayment', 'capturePayment']);
    expect(env.remoteCalls(second.id)).toEqual([]);

    // A new worker carries both sagas on from where they stand.
    await env.startWorker();
    await env.waitForStatus(first.id, 'CONFIRMED');
    await env.waitForStatus(second.id, 'CONFIRMED');
    expect(env.remoteCalls(first.id)).toEqual(['reserveStock', 'authorizePayment', 'capturePayment', 'commitStock']);
    expect(await env.payments.payment(first.id)).toMatchObject({ status: 'CAPTURED' });
    expect(await env.providerPayments(first.id)).toEqual([expect.objectContaining({ status: 'CAPTURED', charges: 1 })]);
    expect((await env.catalog.stock(product.id)).available).toBe(7);
  });
});
