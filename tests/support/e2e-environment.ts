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

export const E2E_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  GATEWAY_PORT: port(0),
  ACCOUNTS_PORT: port(1),
  CATALOG_PORT: port(2),
  ORDERS_PORT: port(3),
  PAYMENTS_PORT: port(4),
  ORDERS_WORKER_PORT: port(5),
  PAYMENT_GATEWAY_PORT: port(10),
  ACCOUNTS_DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/retail_${NAME}_accounts`,
  CATALOG_DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/retail_${NAME}_catalog`,
  ORDERS_DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/retail_${NAME}_orders`,
  PAYMENTS_DATABASE_URL: `mysql://root@127.0.0.1:3306/retail_${NAME}_payments`,
  QUEUE_PREFIX: `retail-${NAME}`,
  JWT_PRIVATE_KEY_FILE: join(REPO_ROOT, '.local', NAME, 'accounts-signing-key.pem'),
  PAYMENT_GATEWAY_LEDGER_DIR: join(REPO_ROOT, '.local', NAME, 'payment-gateway'),
  // Cheaper password hashing keeps the suite quick; production values are asserted by a unit test.
  ARGON2_MEMORY_KIB: '1024',
  ARGON2_TIME_COST: '1',
  // The simulator's "lost response" for tok_processingError must outlast the client's timeout.
  PAYMENT_GATEWAY_TIMEOUT_MS: '700',
  PAYMENT_GATEWAY_TIMEOUT_DELAY_MS: '1500',
  PAYMENT_GATEWAY_LATENCY_MS: '5',
  ADMIN_EMAIL: 'admin@example.com',
  ADMIN_PASSWORD: 'admin12345',
  // Every process exports its spans to the OTLP receiver the telemetry suite starts on this port (while it is
  // not running, exports fail quietly), quickly, and logs JSON lines that suite reads back.
  OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port(15)}`,
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  OTEL_BSP_SCHEDULE_DELAY: '200',
  LOG_FORMAT: 'json',
};

export const E2E_OTLP_RECEIVER_PORT = PORT_BASE + 15;
/** Everything the system started for the suite writes, one line each, prefixed with `[process]`. */
export const E2E_SYSTEM_LOG = join(REPO_ROOT, '.local', NAME, 'system.log');

/**
 * E2E_INSTANCES=2 starts two copies of every process (`npm start -- --instances 2`, the second copy's ports
 * 20 higher) on the same databases and Redis; the client operations then alternate between the gateways.
 */
export const E2E_INSTANCES = Number(process.env.E2E_INSTANCES ?? 1);
/** Port step between instances: tools/launcher/system-processes.ts's INSTANCE_PORT_STEP. */
const INSTANCE_PORT_STEP = 20;

export const E2E_GATEWAY_URLS = Array.from(
  { length: E2E_INSTANCES },
  (_, index) => `http://127.0.0.1:${PORT_BASE + index * INSTANCE_PORT_STEP}/graphql`,
);
export const E2E_GATEWAY_URL = E2E_GATEWAY_URLS[0]!;
export const E2E_PAYMENT_GATEWAY_URL = `http://127.0.0.1:${E2E_ENV.PAYMENT_GATEWAY_PORT}`;
