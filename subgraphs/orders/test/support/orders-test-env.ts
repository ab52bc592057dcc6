import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import {
  envName,
  mariaDbAdapter,
  orderStatusStreamKey,
  parseOrderStatusEntry,
  postgresAdapter,
  type OrderStatusAnnouncement,
} from '@retail/common';
import {
  startPaymentGatewaySimulator,
  type RunningPaymentGatewaySimulator,
} from '@retail/tools/payment-gateway-simulator/payment-gateway-simulator';
import { createTestDatabase, type TestDatabase } from '@test/databases';
import { gql, type GraphQLResponse } from '@test/graphql-client';
import { startTestTokenIssuer, type TestTokenIssuer } from '@test/tokens';
import Redis from 'ioredis';
import { PrismaClient as CatalogPrisma } from '../../../catalog/src/generated/prisma/client';
import { PrismaClient as PaymentsPrisma } from '../../../payments/src/generated/prisma/client';
import { createApp, createWorker } from '../../src/app';
import { loadOrdersConfig, type OrdersConfig } from '../../src/config';
import { PrismaService } from '../../src/prisma/prisma.service';
import { CheckoutQueuesService } from '../../src/saga/checkout-queues.service';
import { CHECKOUT_STEPS } from '../../src/saga/checkout-steps';
import { FaultProxy } from './fault-proxy';
import { StandInTokenEndpoint } from './stand-in-token-endpoint';
import { startSubgraphProcess, type SubgraphProcess } from './subgraph-process';

export const PLACE_ORDER = `mutation PlaceOrder($input: PlaceOrderInput!) {
  placeOrder(input: $input) { id status total { amount currency } }
}`;

export const ORDER = `query Order($id: ID!) {
  order(id: $id) {
    id status failureReason createdAt
    customer { id }
    items { quantity unitPrice { amount currency } productName product { id } }
    total { amount currency }
    history { type at }
  }
}`;

export const CANCEL_ORDER = `mutation CancelOrder($id: ID!) { cancelOrder(id: $id) { id status } }`;

export interface TestOrder {
  id: string;
  status: string;
  failureReason: string | null;
  total: { amount: number; currency: string };
  history: { type: string; at: string }[];
}

export interface ProductSpec {
  name?: string;
  sku?: string;
  available?: number;
  price?: { amount: number; currency: string };
}

const SIMULATOR_API_KEY = 'sk_test_orders_int';

/**
 * For the test files of this environment: booting three services and driving real sagas across three processes
 * (cold on the first order) takes longer than jest's default on a busy machine.
 */
export const ORDERS_TEST_TIMEOUT_MS = 90_000;

/** A real subgraph started for the saga: its process, database, and the fault proxy the saga calls it through. */
interface RealSubgraph<P> {
  process: SubgraphProcess;
  /** A client of the subgraph's own database, to set up and check what the test needs. */
  prisma: P;
  proxy: FaultProxy;
  database: TestDatabase;
}

/**
 * The orders subgraph on port 0 and its saga worker in the same process, on a fresh database and real Redis
 * with a queue prefix of its own, calling the REAL catalog and payments subgraphs (each a process of its own,
 * built code, on a fresh database; payments with the payment gateway simulator) through fault proxies that can
 * play an outage or a refusal. Only the accounts token endpoint is a stand-in (it mints the `orders` client's
 * tokens with the test issuer). Needs `npm run build` first.
 */
export class OrdersTestEnvironment {
  app!: INestApplication;
  /** The saga worker in this process, if one runs. */
  worker?: INestApplicationContext;
  prisma!: PrismaService;
  config!: OrdersConfig;
  url = '';
  catalog!: RealSubgraph<CatalogPrisma> & {
    addProduct(spec?: ProductSpec): Promise<{ id: string; sku: string; name: string }>;
    stock(productId: string): Promise<{ available: number; reserved: number }>;
  };
  payments!: RealSubgraph<PaymentsPrisma> & {
    /** The payments database's record of an order's payment, or null. */
    payment(orderId: string): Promise<{ status: string; amount: number; currency: string } | null>;
  };
  simulator!: RunningPaymentGatewaySimulator;
  private database?: TestDatabase;
  private tokenEndpoint?: StandInTokenEndpoint;
  private processEnvBase: Record<string, string> = {};

  private constructor(readonly issuer: TestTokenIssuer) {}

  /** `options.worker: false` starts no saga worker in this process (start them with `startWorker`). */
  static async start(
    env: Record<string, string> = {},
    options: { worker?: boolean } = {},
  ): Promise<OrdersTestEnvironment> {
    Logger.overrideLogger(false);
    const environment = new OrdersTestEnvironment(await startTestTokenIssuer({ subgraph: 'orders' }));
    try {
      await environment.boot(env, options.worker ?? true);
    } catch (error) {
      await environment.stop();
      throw error;
    }
    return environment;
  }

  private async boot(env: Record<string, string>, worker: boolean): Promise<void> {
    this.tokenEndpoint = await new StandInTokenEndpoint(this.issuer).start();
    await this.startCatalog();
    await this.startPayments();
    this.database = await createTestDatabase('orders');
    this.processEnvBase = {
      ORDERS_DATABASE_URL: this.database.url,
      ORDERS_PORT: '0',
      ACCOUNTS_URL: this.tokenEndpoint.url,
      CATALOG_URL: this.catalog.proxy.url,
      PAYMENTS_URL: this.payments.proxy.url,
      QUEUE_PREFIX: `orders-test-${randomBytes(4).toString('hex')}`,
      SAGA_STEP_ATTEMPTS: '4',
      SAGA_STEP_BACKOFF_MS: '50',
      SAGA_COMPENSATION_ATTEMPTS: '4',
      SAGA_COMPENSATION_BACKOFF_MS: '50',
      SAGA_COMPENSATION_BACKOFF_MAX_MS: '500',
      OUTBOX_INTERVAL_MS: '250',
      SAGA_RECONCILE_INTERVAL_MS: '200',
      SAGA_STALLED_AFTER_MS: '1000',
      CANCEL_WAIT_MS: '5000',
      ...env,
    };
    this.config = loadOrdersConfig(this.processEnvBase);
    this.config.tokens = this.issuer.verification;
    this.app = await createApp(this.config);
    await this.app.listen(0, '127.0.0.1');
    this.url = `http://127.0.0.1:${(this.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    this.prisma = this.app.get(PrismaService);
    if (worker) this.worker = await createWorker(this.config);
  }

  /** The environment's settings as a worker process reads them from its environment. */
  processEnv(): Record<string, string> {
    return { ...this.processEnvBase, REDIS_URL: this.config.redisUrl, JWKS_URL: this.issuer.verification.jwksUrl };
  }

  /** Starts the saga worker in this process (when the environment was started without one). */
  async startWorker(): Promise<INestApplicationContext> {
    this.worker = await createWorker(this.config);
    return this.worker;
  }

  async stopWorker(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
  }

  private async startCatalog(): Promise<void> {
    const database = await createTestDatabase('catalog');
    const process = await startSubgraphProcess('catalog', {
      [envName('catalog', 'DATABASE_URL')]: database.url,
      JWKS_URL: this.issuer.verification.jwksUrl,
    }).catch(async (error: unknown) => {
      await database.drop();
      throw error;
    });
    const proxy = await new FaultProxy(process.url).start();
    const prisma = new CatalogPrisma({ adapter: postgresAdapter(database.url, 2) });
    this.catalog = {
      process,
      prisma,
      proxy,
      database,
      async addProduct(spec = {}) {
        const suffix = randomUUID().slice(0, 8).toUpperCase();
        return prisma.product.create({
          data: {
            sku: spec.sku ?? `SKU-${suffix}`,
            name: spec.name ?? `Product ${suffix}`,
            priceAmount: spec.price?.amount ?? 1000,
            currency: spec.price?.currency ?? 'USD',
            inventory: { create: { available: spec.available ?? 10, reserved: 0 } },
          },
          select: { id: true, sku: true, name: true },
        });
      },
      stock: (productId) =>
        prisma.inventory.findUniqueOrThrow({ where: { productId }, select: { available: true, reserved: true } }),
    };
  }

  private async startPayments(): Promise<void> {
    this.simulator = await startPaymentGatewaySimulator({
      host: '127.0.0.1',
      port: 0,
      latencyMs: 0,
      timeoutDelayMs: 600,
      apiKey: SIMULATOR_API_KEY,
      log: () => undefined,
    });
    const database = await createTestDatabase('payments');
    const process = await startSubgraphProcess('payments', {
      [envName('payments', 'DATABASE_URL')]: database.url,
      JWKS_URL: this.issuer.verification.jwksUrl,
      PAYMENT_GATEWAY_URL: this.simulator.url,
      PAYMENT_GATEWAY_API_KEY: SIMULATOR_API_KEY,
      PAYMENT_GATEWAY_TIMEOUT_MS: '250',
      PAYMENT_GATEWAY_MAX_ATTEMPTS: '4',
      PAYMENT_GATEWAY_RETRY_BASE_MS: '10',
    }).catch(async (error: unknown) => {
      await database.drop();
      throw error;
    });
    const proxy = await new FaultProxy(process.url).start();
    const prisma = new PaymentsPrisma({ adapter: mariaDbAdapter(database.url, 2) });
    this.payments = {
      process,
      prisma,
      proxy,
      database,
      payment: (orderId) =>
        prisma.payment.findUnique({ where: { orderId }, select: { status: true, amount: true, currency: true } }),
    };
  }

  customerToken(userId: string): Promise<string> {
    return this.issuer.userToken({ userId, role: 'CUSTOMER' });
  }

  adminToken(): Promise<string> {
    return this.issuer.userToken({ role: 'ADMIN' });
  }

  /** Calls the orders subgraph as the gateway does, `token` being the end user's; a service token calls as that service. */
  async request<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<T>> {
    return gql<T>(this.url, query, variables, await this.issuer.asGateway(token));
  }

  async placeOrder(
    token: string,
    input: { items: { productId: string; quantity: number }[]; paymentToken?: string; idempotencyKey?: string },
  ): Promise<{ id: string; status: string; total: { amount: number; currency: string } }> {
    const response = await this.request<{ placeOrder: { id: string; status: string; total: { amount: number; currency: string } } }>(
      PLACE_ORDER,
      { input: { paymentToken: 'tok_visa', ...input } },
      token,
    );
    if (!response.data?.placeOrder) throw new Error(`placeOrder failed: ${JSON.stringify(response.errors)}`);
    return response.data.placeOrder;
  }

  async order(id: string, token: string): Promise<TestOrder> {
    const response = await this.request<{ order: TestOrder }>(ORDER, { id }, token);
    if (!response.data?.order) throw new Error(`order failed: ${JSON.stringify(response.errors)}`);
    return response.data.order;
  }

  /** Polls the database until the order reaches `status` (the saga runs asynchronously). */
  async waitForStatus(orderId: string, status: string, timeoutMs = 30_000): Promise<void> {
    await this.waitFor(
      () => this.prisma.order.findUnique({ where: { id: orderId } }),
      (order) => order?.status === status,
      (order) => `Order ${orderId} is ${order?.status}, expected ${status}`,
      timeoutMs,
    );
  }

  /** Waits until the saga of the order has nothing left to run. */
  async waitForSagaDone(orderId: string, timeoutMs = 30_000): Promise<void> {
    await this.waitFor(
      () => this.prisma.checkoutSaga.findUnique({ where: { orderId } }),
      (saga) => saga?.step === 'DONE',
      (saga) => `Saga of order ${orderId} is at ${saga?.step}`,
      timeoutMs,
    );
  }

  /** Waits until the saga of the order is parked (NEEDS_ATTENTION). */
  async waitForParked(orderId: string, timeoutMs = 30_000): Promise<void> {
    await this.waitFor(
      () => this.prisma.checkoutSaga.findUnique({ where: { orderId } }),
      (saga) => saga?.parkedAt != null,
      (saga) => `Saga of order ${orderId} is at ${saga?.step}, not parked (attempts ${saga?.attempts})`,
      timeoutMs,
    );
  }

  /** Waits until the relay has published every outbox message. */
  async waitForOutboxDrained(timeoutMs = 30_000): Promise<void> {
    await this.waitFor(
      () => this.prisma.outboxMessage.count({ where: { publishedAt: null } }),
      (pending) => pending === 0,
      (pending) => `${pending} outbox messages still unpublished`,
      timeoutMs,
    );
  }

  /** Every announcement on the order-status stream (of this environment's prefix) about one order, oldest first. */
  async statusAnnouncements(orderId: string): Promise<OrderStatusAnnouncement[]> {
    const redis = new Redis(this.config.redisUrl);
    try {
      const entries = await redis.xrange(orderStatusStreamKey(this.config.queuePrefix), '-', '+');
      return entries
        .map(([, fields]) => parseOrderStatusEntry(fields))
        .filter((entry): entry is OrderStatusAnnouncement => entry?.orderId === orderId);
    } finally {
      redis.disconnect();
    }
  }

  /** The remote calls the saga made for one order, in order, as `field` names (faulted ones included). */
  remoteCalls(orderId: string): string[] {
    const mentions = (args: Record<string, unknown>) =>
      args.orderId === orderId || (args.input as { orderId?: string } | undefined)?.orderId === orderId;
    return [...this.catalog.proxy.calls, ...this.payments.proxy.calls]
      .filter((call) => mentions(call.variables))
      .sort((a, b) => a.sequence - b.sequence)
      .map((call) => call.field);
  }

  /** What the payment gateway itself did for an order: its payments and how many authorizations it made. */
  async providerPayments(orderId: string): Promise<{ id: string; status: string; charges: number }[]> {
    const response = await fetch(`${this.simulator.url}/v1/payments?reference=${encodeURIComponent(orderId)}`, {
      headers: { authorization: `Bearer ${SIMULATOR_API_KEY}` },
    });
    return ((await response.json()) as { data: { id: string; status: string; charges: number }[] }).data;
  }

  clearFaults(): void {
    this.catalog?.proxy.clearFaults();
    this.payments?.proxy.clearFaults();
  }

  async stop(): Promise<void> {
    await this.stopWorker();
    if (this.app) {
      const queues = this.app.get(CheckoutQueuesService);
      await Promise.all(CHECKOUT_STEPS.map((step) => queues.queue(step).obliterate({ force: true })));
      const redis = new Redis(this.config.redisUrl);
      await redis.del(orderStatusStreamKey(this.config.queuePrefix)).finally(() => redis.disconnect());
      await this.app.close();
    }
    await this.database?.drop();
    for (const subgraph of [this.catalog, this.payments]) {
      if (!subgraph) continue;
      await subgraph.proxy.close();
      await subgraph.process.stop();
      await subgraph.prisma.$disconnect();
      await subgraph.database.drop();
    }
    await this.simulator?.close();
    await this.tokenEndpoint?.close();
    await this.issuer.close();
  }

  private async waitFor<T>(
    read: () => Promise<T>,
    done: (value: T) => boolean,
    describe: (value: T) => string,
    timeoutMs: number,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return;
      if (Date.now() > deadline) throw new Error(describe(value));
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

