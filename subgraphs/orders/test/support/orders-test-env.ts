import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { createTestDatabase, type TestDatabase } from '@test/databases';
import { gql, type GraphQLResponse } from '@test/graphql-client';
import { startTestTokenIssuer, type TestTokenIssuer } from '@test/tokens';
import { orderStatusStreamKey, parseOrderStatusEntry, type OrderStatusAnnouncement } from '@retail/common';
import Redis from 'ioredis';
import { createApp, createWorker } from '../../src/app';
import { loadOrdersConfig, type OrdersConfig } from '../../src/config';
import { PrismaService } from '../../src/prisma/prisma.service';
import { CheckoutQueuesService } from '../../src/saga/checkout-queues.service';
import { CHECKOUT_STEPS } from '../../src/saga/checkout-steps';
import { StandInCatalog } from './stand-in-catalog';
import { StandInPayments } from './stand-in-payments';
import { StandInTokenEndpoint } from './stand-in-token-endpoint';

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

/**
 * The orders subgraph on port 0 and its saga worker in the same process, on a fresh database, real Redis with
 * a queue prefix of its own, and stand-ins for the accounts token endpoint, catalog and payments.
 */
export class OrdersTestEnvironment {
  app!: INestApplication;
  worker!: INestApplicationContext;
  prisma!: PrismaService;
  config!: OrdersConfig;
  url = '';
  private database?: TestDatabase;

  constructor(
    readonly issuer: TestTokenIssuer,
    readonly catalog: StandInCatalog,
    readonly payments: StandInPayments,
    private readonly tokenEndpoint: StandInTokenEndpoint,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<OrdersTestEnvironment> {
    Logger.overrideLogger(false);
    const issuer = await startTestTokenIssuer({ subgraph: 'orders' });
    const environment = new OrdersTestEnvironment(
      issuer,
      await new StandInCatalog(issuer.verification).start(),
      await new StandInPayments(issuer.verification).start(),
      await new StandInTokenEndpoint(issuer).start(),
    );
    await environment.boot(env);
    return environment;
  }

  private async boot(env: Record<string, string>): Promise<void> {
    this.database = await createTestDatabase('orders');
    this.config = {
      ...loadOrdersConfig({
        ORDERS_DATABASE_URL: this.database.url,
        ORDERS_PORT: '0',
        ACCOUNTS_URL: this.tokenEndpoint.url,
        CATALOG_URL: this.catalog.url,
        PAYMENTS_URL: this.payments.url,
        QUEUE_PREFIX: `orders-test-${randomBytes(4).toString('hex')}`,
        SAGA_STEP_ATTEMPTS: '4',
        SAGA_STEP_BACKOFF_MS: '50',
        SAGA_COMPENSATION_BACKOFF_MS: '50',
        SAGA_COMPENSATION_BACKOFF_MAX_MS: '500',
        OUTBOX_INTERVAL_MS: '250',
        CANCEL_WAIT_MS: '5000',
        ...env,
      }),
    };
    this.config.tokens = this.issuer.verification;
    this.app = await createApp(this.config);
    await this.app.listen(0, '127.0.0.1');
    this.url = `http://127.0.0.1:${(this.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    this.worker = await createWorker(this.config);
    this.prisma = this.app.get(PrismaService);
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
  async waitForStatus(orderId: string, status: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const order = await this.prisma.order.findUnique({ where: { id: orderId } });
      if (order?.status === status) return;
      if (Date.now() > deadline) throw new Error(`Order ${orderId} is ${order?.status}, expected ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Waits until the saga of the order has nothing left to run. */
  async waitForSagaDone(orderId: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const saga = await this.prisma.checkoutSaga.findUnique({ where: { orderId } });
      if (saga?.step === 'DONE') return;
      if (Date.now() > deadline) throw new Error(`Saga of order ${orderId} is at ${saga?.step}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Waits until the relay has published every outbox message. */
  async waitForOutboxDrained(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pending = await this.prisma.outboxMessage.count({ where: { publishedAt: null } });
      if (pending === 0) return;
      if (Date.now() > deadline) throw new Error(`${pending} outbox messages still unpublished`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
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

  /** The remote calls the saga made for one order, in order, as `field` names. */
  remoteCalls(orderId: string): string[] {
    const mentions = (args: Record<string, unknown>) =>
      args.orderId === orderId || (args.input as { orderId?: string } | undefined)?.orderId === orderId;
    return [...this.catalog.subgraph.calls, ...this.payments.subgraph.calls]
      .filter((call) => mentions(call.args))
      .sort((a, b) => a.sequence - b.sequence)
      .map((call) => call.field);
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    if (this.app) {
      const queues = this.app.get(CheckoutQueuesService);
      await Promise.all(CHECKOUT_STEPS.map((step) => queues.queue(step).obliterate({ force: true })));
      const redis = new Redis(this.config.redisUrl);
      await redis.del(orderStatusStreamKey(this.config.queuePrefix)).finally(() => redis.disconnect());
      await this.app.close();
    }
    await this.database?.drop();
    await Promise.all([this.catalog.subgraph.close(), this.payments.subgraph.close(), this.tokenEndpoint.close()]);
    await this.issuer.close();
  }
}
