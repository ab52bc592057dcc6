import { EnvReader } from './env-reader';

/**
 * Where every process of the system listens and how the others reach it. This is the one place that knows
 * the default ports, database URLs and environment variable names; the launcher, the services, the tests and
 * docker/ all go through it (docker/compose.yaml repeats the variable names).
 */
export const SUBGRAPH_NAMES = ['accounts', 'catalog', 'orders', 'payments'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];
/** Every process of the system with a port; `ordersWorker` serves only health and metrics. */
export type ProcessName = SubgraphName | 'gateway' | 'ordersWorker' | 'paymentGateway';

export const DEFAULT_PORTS: Record<ProcessName, number> = {
  gateway: 4000,
  accounts: 4001,
  catalog: 4002,
  orders: 4003,
  payments: 4004,
  ordersWorker: 4005,
  paymentGateway: 4010,
};

const ENV_PREFIX: Record<ProcessName, string> = {
  gateway: 'GATEWAY',
  accounts: 'ACCOUNTS',
  catalog: 'CATALOG',
  orders: 'ORDERS',
  payments: 'PAYMENTS',
  ordersWorker: 'ORDERS_WORKER',
  paymentGateway: 'PAYMENT_GATEWAY',
};

export const DEFAULT_DATABASE_URLS: Record<SubgraphName, string> = {
  accounts: 'postgresql://postgres@127.0.0.1:5432/retail_accounts',
  catalog: 'postgresql://postgres@127.0.0.1:5432/retail_catalog',
  orders: 'postgresql://postgres@127.0.0.1:5432/retail_orders',
  payments: 'mysql://root@127.0.0.1:3306/retail_payments',
};

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** `ACCOUNTS_PORT`, `CATALOG_DATABASE_URL`, ... */
export function envName(process: ProcessName, suffix: 'PORT' | 'URL' | 'DATABASE_URL'): string {
  return `${ENV_PREFIX[process]}_${suffix}`;
}

export function readPort(env: EnvReader, process: ProcessName): number {
  return env.port(envName(process, 'PORT'), DEFAULT_PORTS[process]);
}

/** The base URL other processes use to reach `process` (e.g. `http://127.0.0.1:4002`). */
export function readServiceUrl(env: EnvReader, process: ProcessName): string {
  const port = env.port(envName(process, 'PORT'), DEFAULT_PORTS[process]);
  return env.url(envName(process, 'URL'), `http://127.0.0.1:${port}`, ['http', 'https']).replace(/\/+$/, '');
}

export function readDatabaseUrl(env: EnvReader, subgraph: SubgraphName): string {
  const protocols = subgraph === 'payments' ? ['mysql', 'mariadb'] : ['postgresql', 'postgres'];
  return env.url(envName(subgraph, 'DATABASE_URL'), DEFAULT_DATABASE_URLS[subgraph], protocols);
}

export function readRedisUrl(env: EnvReader): string {
  return env.url('REDIS_URL', DEFAULT_REDIS_URL, ['redis', 'rediss']);
}

/** `QUEUE_PREFIX`: the prefix of every Redis key of the saga's queues (the orders processes and the gateway's dashboard). */
export function readQueuePrefix(env: EnvReader): string {
  return env.string('QUEUE_PREFIX', 'retail');
}

/** Interface processes bind to. Loopback by default; containers set 0.0.0.0. */
export function readBindHost(env: EnvReader): string {
  return env.string('BIND_HOST', '127.0.0.1');
}
