import { randomUUID } from 'node:crypto';
import { relative } from 'node:path';
import { REPO_ROOT } from '@retail/common';
import { wipeState } from '../launcher/fresh-start';
import { startSystem } from '../launcher/start-system';
import { childMemory, percentile, post, timed } from './bench-client';

/**
 * `npm run bench`: starts the whole system on its own ports and databases (loopback only), measures
 * catalog reads and checkouts through the gateway, prints the figures and stops everything. Every loop is
 * bounded; the run takes about a minute.
 */
const ENV: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'test',
  GATEWAY_PORT: '4700',
  ACCOUNTS_PORT: '4701',
  CATALOG_PORT: '4702',
  ORDERS_PORT: '4703',
  PAYMENTS_PORT: '4704',
  ORDERS_WORKER_PORT: '4705',
  PAYMENT_GATEWAY_PORT: '4710',
  ACCOUNTS_DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/retail_bench_accounts',
  CATALOG_DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/retail_bench_catalog',
  ORDERS_DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/retail_bench_orders',
  PAYMENTS_DATABASE_URL: 'mysql://root@127.0.0.1:3306/retail_bench_payments',
  QUEUE_PREFIX: 'retail-bench',
  JWT_PRIVATE_KEY_FILE: `${REPO_ROOT}/.local/bench/accounts-signing-key.pem`,
  PAYMENT_GATEWAY_LEDGER_DIR: `${REPO_ROOT}/.local/bench/payment-gateway`,
  PAYMENT_GATEWAY_LATENCY_MS: '20',
};

const READS = 400;
const CUSTOMERS = 20;
const ORDERS = 100;
const CONCURRENCY = 10;

const PRODUCTS = `query Products($first: Int, $after: String, $filter: ProductFilter) {
  products(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id sku name price { amount currency } category { id slug name } stock { available } } } } }`;
const REGISTER = `mutation Register($email: String!, $password: String!, $name: String!) {
  register(input: { email: $email, password: $password, name: $name }) { accessToken } }`;
const PLACE_ORDER = `mutation PlaceOrder($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }`;
const ORDER = `query Order($id: ID!) { order(id: $id) { id status } }`;

function row(name: string, latencies: number[], seconds: number): string {
  const f = (ms: number) => `${ms.toFixed(1)} ms`;
  return `| ${name} | ${latencies.length} | ${(latencies.length / seconds).toFixed(1)}/s | ${f(percentile(latencies, 50))} | ${f(percentile(latencies, 95))} | ${f(percentile(latencies, 99))} |`;
}

async function main(): Promise<void> {
  await wipeState(ENV);
  const system = await startSystem({ env: ENV, log: () => undefined });
  const url = system.gatewayUrl;
  try {
    const lines = ['| measure | count | throughput | p50 | p95 | p99 |', '|---|---|---|---|---|---|'];

    await timed(50, 5, () => post(url, PRODUCTS, { first: 20 })); // warm-up
    let start = performance.now();
    const reads = await timed(READS, CONCURRENCY, (i) => post(url, PRODUCTS, { first: 20, filter: i % 2 ? { inStock: true } : { search: 'shirt' } }));
    lines.push(row('Products(first: 20) through the gateway', reads, (performance.now() - start) / 1000));

    const tokens = await Promise.all(
      Array.from({ length: CUSTOMERS }, async () => {
        const data = await post(url, REGISTER, { email: `bench-${randomUUID()}@example.com`, password: 'bench-pass-42', name: 'Bench' });
        return data.register.accessToken as string;
      }),
    );
    const { products } = await post(url, PRODUCTS, { first: 20, filter: { inStock: true } });
    const productIds: string[] = products.edges.map((edge: any) => edge.node.id);

    const orders: { id: string; token: string }[] = [];
    start = performance.now();
    const placements = await timed(ORDERS, CONCURRENCY, async (i) => {
      const token = tokens[i % CUSTOMERS];
      const data = await post(
        url,
        PLACE_ORDER,
        { input: { items: [{ productId: productIds[i % productIds.length], quantity: 1 }], paymentToken: 'tok_visa' } },
        token,
      );
      orders.push({ id: data.placeOrder.id, token });
    });
    lines.push(row('PlaceOrder (returns PENDING)', placements, (performance.now() - start) / 1000));

    await timed(orders.length, CONCURRENCY, async (i) => {
      for (let polls = 0; polls < 600; polls += 1) {
        const { order } = await post(url, ORDER, { id: orders[i].id }, orders[i].token);
        if (order.status === 'CONFIRMED' || order.status === 'CANCELLED') return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`order ${orders[i].id} did not settle`);
    });
    const sagaSeconds = (performance.now() - start) / 1000;
    lines.push(`| checkout saga: ${ORDERS} orders placed → all settled | ${ORDERS} | ${(ORDERS / sagaSeconds).toFixed(1)}/s | | | |`);

    const memory = childMemory().map((p) => `| ${relative(REPO_ROOT, p.script)} | ${p.rssMiB} MiB |`);
    console.log([`Benchmark (${new Date().toISOString()}, concurrency ${CONCURRENCY}, loopback)`, '', ...lines, '', '| process | RSS after the run |', '|---|---|', ...memory].join('\n'));
  } finally {
    await system.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
