import {
  readBindHost,
  readConfig,
  readDatabaseUrl,
  readPort,
  readServiceUrl,
  readTokenVerification,
  type AccessTokenVerifierOptions,
} from '@retail/common';

/** How the payments subgraph reaches the external payment gateway. */
export interface PaymentGatewayConfig {
  url: string;
  apiKey: string;
  /** Per attempt: a slower answer counts as a lost response and is retried with the same idempotency key. */
  timeoutMs: number;
  maxAttempts: number;
  /** First backoff delay; doubles on every retry, with jitter. */
  retryBaseDelayMs: number;
}

export interface PaymentsConfig {
  host: string;
  port: number;
  databaseUrl: string;
  tokens: AccessTokenVerifierOptions;
  paymentGateway: PaymentGatewayConfig;
}

/** Reads and validates the payments configuration once; fails with every bad variable. */
export function loadPaymentsConfig(env: NodeJS.ProcessEnv = process.env): PaymentsConfig {
  return readConfig(
    (reader) => ({
      host: readBindHost(reader),
      port: readPort(reader, 'payments'),
      databaseUrl: readDatabaseUrl(reader, 'payments'),
      tokens: readTokenVerification(reader),
      paymentGateway: {
        url: readServiceUrl(reader, 'paymentGateway'),
        apiKey: reader.string('PAYMENT_GATEWAY_API_KEY', 'sk_test_simulator'),
        timeoutMs: reader.int('PAYMENT_GATEWAY_TIMEOUT_MS', 2_000, { min: 1, max: 120_000 }),
        maxAttempts: reader.int('PAYMENT_GATEWAY_MAX_ATTEMPTS', 4, { min: 1, max: 20 }),
        retryBaseDelayMs: reader.int('PAYMENT_GATEWAY_RETRY_BASE_MS', 100, { min: 0, max: 60_000 }),
      },
    }),
    env,
  );
}

export const PAYMENTS_CONFIG = Symbol('PAYMENTS_CONFIG');
