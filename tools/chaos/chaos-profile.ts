import { join } from 'node:path';
import { REPO_ROOT } from '@retail/common';

/** How big a chaos run is. `full` is the scenario; `ci` is the same with fewer orders in less time. */
export interface ChaosProfile {
  name: 'full' | 'ci';
  customers: number;
  orders: number;
  /** Products, each with `stockPerProduct` units: together fewer units than the orders ask for. */
  products: number;
  stockPerProduct: number;
  /** How long orders keep arriving; faults are injected inside this window. */
  loadWindowMs: number;
  /** Faults beyond the one of each kind every run gets. */
  extraFaults: number;
  orderWorkers: number;
}

export const CHAOS_PROFILES: Record<ChaosProfile['name'], ChaosProfile> = {
  full: {
    name: 'full',
    customers: 20,
    orders: 200,
    products: 8,
    stockPerProduct: 18,
    loadWindowMs: 60_000,
    extraFaults: 10,
    orderWorkers: 2,
  },
  ci: {
    name: 'ci',
    customers: 10,
    orders: 60,
    products: 4,
    stockPerProduct: 12,
    loadWindowMs: 25_000,
    extraFaults: 2,
    orderWorkers: 2,
  },
};

/** Every order must be CONFIRMED or CANCELLED this long after the last fault. */
export const SETTLE_DEADLINE_MS = 60_000;

/** The chaos system's ports (5150-5170), databases, queue prefix and files: nothing shared with anything else. */
export const CHAOS_PORTS = {
  gateway: 5150,
  accounts: 5151,
  catalog: 5152,
  orders: 5153,
  payments: 5154,
  /** The first orders-worker's health port; the others follow. */
  ordersWorker: 5155,
  paymentGateway: 5160,
  redis: 5170,
} as const;

export const CHAOS_STATE_DIR = join(REPO_ROOT, '.local', 'chaos');

export const CHAOS_DATABASES = {
  accounts: 'postgresql://postgres@127.0.0.1:5432/retail_chaos_accounts',
  catalog: 'postgresql://postgres@127.0.0.1:5432/retail_chaos_catalog',
  orders: 'postgresql://postgres@127.0.0.1:5432/retail_chaos_orders',
  payments: 'mysql://root@127.0.0.1:3306/retail_chaos_payments',
} as const;

export const CHAOS_QUEUE_PREFIX = 'retail-chaos';
export const CHAOS_SIMULATOR_API_KEY = 'sk_test_chaos';
export const CHAOS_ADMIN = { email: 'chaos-admin@example.com', password: 'chaos-admin-42' } as const;

/**
 * The environment of every process of the chaos system. The saga's timings are shortened so that a run fits
 * in minutes: retries back off from 200 ms, jobs of a killed worker move on within seconds, and the
 * reconciler re-enqueues a step that made no progress for 5 s (Redis loses every job in this suite).
 */
export function chaosEnvironment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    NODE_ENV: 'test',
    GATEWAY_PORT: String(CHAOS_PORTS.gateway),
    ACCOUNTS_PORT: String(CHAOS_PORTS.accounts),
    CATALOG_PORT: String(CHAOS_PORTS.catalog),
    ORDERS_PORT: String(CHAOS_PORTS.orders),
    PAYMENTS_PORT: String(CHAOS_PORTS.payments),
    PAYMENT_GATEWAY_PORT: String(CHAOS_PORTS.paymentGateway),
    ACCOUNTS_DATABASE_URL: CHAOS_DATABASES.accounts,
    CATALOG_DATABASE_URL: CHAOS_DATABASES.catalog,
    ORDERS_DATABASE_URL: CHAOS_DATABASES.orders,
    PAYMENTS_DATABASE_URL: CHAOS_DATABASES.payments,
    REDIS_URL: `redis://127.0.0.1:${CHAOS_PORTS.redis}`,
    QUEUE_PREFIX: CHAOS_QUEUE_PREFIX,
    APQ_REDIS_PREFIX: CHAOS_QUEUE_PREFIX,
    JWT_PRIVATE_KEY_FILE: join(CHAOS_STATE_DIR, 'accounts-signing-key.pem'),
    PAYMENT_GATEWAY_LEDGER_DIR: join(CHAOS_STATE_DIR, 'payment-gateway'),
    PAYMENT_GATEWAY_API_KEY: CHAOS_SIMULATOR_API_KEY,
    PAYMENT_GATEWAY_LATENCY_MS: '5',
    PAYMENT_GATEWAY_TIMEOUT_MS: '700',
    PAYMENT_GATEWAY_TIMEOUT_DELAY_MS: '1500',
    ADMIN_EMAIL: CHAOS_ADMIN.email,
    ADMIN_PASSWORD: CHAOS_ADMIN.password,
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    // Customers place many orders quickly; the sign-in throttle is not what this suite is about.
    LOGIN_MAX_FAILURES_PER_IP: '1000',
    SAGA_STEP_BACKOFF_MS: '200',
    SAGA_COMPENSATION_BACKOFF_MS: '200',
    SAGA_COMPENSATION_BACKOFF_MAX_MS: '5000',
    OUTBOX_INTERVAL_MS: '500',
    SAGA_LOCK_MS: '5000',
    SAGA_STALLED_CHECK_MS: '2000',
    SAGA_RECONCILE_INTERVAL_MS: '2000',
    SAGA_STALLED_AFTER_MS: '5000',
  };
}
