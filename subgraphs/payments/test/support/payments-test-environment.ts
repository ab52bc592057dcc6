import type { INestApplication } from '@nestjs/common';
import { createTestDatabase } from '@test/databases';
import { gql, type GqlOptions, type GraphQLResponse } from '@test/graphql-client';
import { startTestTokenIssuer, type TestTokenIssuer } from '@test/tokens';
import {
  startPaymentGatewaySimulator,
  type RunningPaymentGatewaySimulator,
} from '@retail/tools/payment-gateway-simulator/payment-gateway-simulator';
import { createApp } from '../../src/app';
import type { PaymentGatewayConfig, PaymentsConfig } from '../../src/config';
import { PrismaService } from '../../src/prisma/prisma.service';

export const SIMULATOR_API_KEY = 'sk_test_payments_int';

/** The payments subgraph on port 0 with its own MariaDB database, a token issuer and the gateway simulator. */
export interface PaymentsTestEnvironment {
  url: string;
  app: INestApplication;
  prisma: PrismaService;
  issuer: TestTokenIssuer;
  simulator: RunningPaymentGatewaySimulator;
  /**
   * Calls a payments instance as the gateway does, `options.token` being the end user's; a service token in
   * `options.token` calls as that service instead (the saga's calls).
   */
  gql<T = Record<string, any>>(
    url: string,
    query: string,
    variables?: Record<string, unknown>,
    options?: GqlOptions,
  ): Promise<GraphQLResponse<T>>;
  /** A second instance of the subgraph on the same database, e.g. with another gateway configuration. */
  startApp(gateway: Partial<PaymentGatewayConfig>): Promise<{ url: string; close(): Promise<void> }>;
  /** What the gateway knows about an order's payment(s). */
  gatewayPayments(orderId: string): Promise<{ id: string; status: string; charges: number }[]>;
  close(): Promise<void>;
}

export async function startPaymentsTestEnvironment(): Promise<PaymentsTestEnvironment> {
  const database = await createTestDatabase('payments');
  const issuer = await startTestTokenIssuer({ subgraph: 'payments' });
  const simulator = await startPaymentGatewaySimulator({
    host: '127.0.0.1',
    port: 0,
    latencyMs: 0,
    timeoutDelayMs: 600,
    apiKey: SIMULATOR_API_KEY,
    log: () => undefined,
  });
  const baseConfig: PaymentsConfig = {
    host: '127.0.0.1',
    port: 0,
    databaseUrl: database.url,
    tokens: issuer.verification,
    paymentGateway: { url: simulator.url, apiKey: SIMULATOR_API_KEY, timeoutMs: 250, maxAttempts: 4, retryBaseDelayMs: 10 },
  };

  const listen = async (config: PaymentsConfig) => {
    const app = await createApp(config, { logger: false });
    await app.listen(0, '127.0.0.1');
    return { app, url: `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/graphql` };
  };
  const main = await listen(baseConfig);
  const extraApps: INestApplication[] = [];

  return {
    url: main.url,
    app: main.app,
    prisma: main.app.get(PrismaService),
    issuer,
    simulator,
    gql: async (url, query, variables = {}, options = {}) =>
      gql(url, query, variables, { ...options, ...(await issuer.asGateway(options.token)) }),
    async startApp(gateway) {
      const extra = await listen({ ...baseConfig, paymentGateway: { ...baseConfig.paymentGateway, ...gateway } });
      extraApps.push(extra.app);
      return {
        url: extra.url,
        close: async () => {
          extraApps.splice(extraApps.indexOf(extra.app), 1);
          await extra.app.close();
        },
      };
    },
    async gatewayPayments(orderId) {
      const response = await fetch(`${simulator.url}/v1/payments?reference=${encodeURIComponent(orderId)}`, {
        headers: { authorization: `Bearer ${SIMULATOR_API_KEY}` },
      });
      return ((await response.json()) as { data: { id: string; status: string; charges: number }[] }).data;
    },
    async close() {
      await Promise.allSettled(extraApps.map((app) => app.close()));
      await main.app.close();
      await simulator.close();
      await issuer.close();
      await database.drop();
    },
  };
}

