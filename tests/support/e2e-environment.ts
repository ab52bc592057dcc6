import { join } from 'node:path';

// Loaded by jest's global setup too, in jest's own process: keep its imports to Node's.
const REPO_ROOT = join(__dirname, '..', '..');

/**
 * The environment of the system the end-to-end tests start: its own ports, databases and queue prefix, so
 * it never touches a system started with `npm start` on the same machine.
 */
// E2E_PORT_BASE and E2E_NAME move the whole system, so two checkouts on one machine can run their suites at once.
const PORT_BASE = Number(process.env.E2E_PORT_BASE ?? 4500);
const NAME = process.env.E2E_NAME ?? 'e2e';
const port = (offset: number): string => String(PORT_BASE + offset);

/** Where the storefront's browser tests serve its bundle: the gateway must allow this origin (CORS, WebSocket). */
export const E2E_STOREFRONT_ORIGIN = `http://127.0.0.1:${port(20)}`;

export const E2E_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  CORS_ORIGINS: E2E_STOREFRONT_ORIGIN,
  GATEWAY_PORT: port(0),
  ACCOUNTS_PORT: port(1),
  CATALOG_PORT: port(2),
  ORDERS_PORT: port(3),
  PAYMENTS_PORT: port(4),
  PAYMENT_GATEWAY_PORT: port(10),
  ACCOUNTS_DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/retail_${NAME}_accounts`,
  CATALOG_DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/retail_${NAME}_catalog`,
  ORDERS_DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/retail_${NAME}_orders`,
  PAYMENTS_DATABASE_URL: `mysql://root@127.0.0.1:3306/retail_${NAME}_payments`,
  QUEUE_PREFIX: `retail-${NAME}`,
  JWT_PRIVATE_KEY_FILE: join(REPO_ROOT, '.local', NAME, 'accounts-signing-key.pem'),
  // Cheaper password hashing keeps the suite quick; production values are asserted by a unit test.
  ARGON2_MEMORY_KIB: '1024',
  ARGON2_TIME_COST: '1',
  // The simulator's "lost response" for tok_processingError must outlast the client's timeout.
  PAYMENT_GATEWAY_TIMEOUT_MS: '700',
  PAYMENT_GATEWAY_TIMEOUT_DELAY_MS: '1500',
  PAYMENT_GATEWAY_LATENCY_MS: '5',
  ADMIN_EMAIL: 'admin@example.com',
  ADMIN_PASSWORD: 'admin12345',
};

export const E2E_GATEWAY_URL = `http://127.0.0.1:${E2E_ENV.GATEWAY_PORT}/graphql`;
export const E2E_PAYMENT_GATEWAY_URL = `http://127.0.0.1:${E2E_ENV.PAYMENT_GATEWAY_PORT}`;
