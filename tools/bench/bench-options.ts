import { join } from 'node:path';

/** What `npm run bench` runs, from its flags and BENCH_* variables. */
export interface BenchOptions {
  /** First of the bench's ports (BENCH_PORT_BASE, default 4700); see `benchPorts`. */
  portBase: number;
  /** Names its databases (retail_<name>_*), queue prefix (retail-<name>) and state under .local/<name> (BENCH_NAME). */
  name: string;
  /** `--only checkout|reads`: run one part; both by default. */
  only?: 'checkout' | 'reads';
  /** `--stages 10,25,50`: offered checkouts per second of each ramp stage. */
  stages: number[];
  /** `--stage-seconds N`: how long each ramp stage offers its load. */
  stageSeconds: number;
}

export const DEFAULT_STAGES = [2, 5, 10, 25, 50, 75, 100, 150];
export const DEFAULT_STAGE_SECONDS = 15;

/** Reads the options; throws with a usage line on anything it does not understand. */
export function parseBenchOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const usage = 'usage: npm run bench -- [--only checkout|reads] [--stages 10,25,50] [--stage-seconds N]';
  const options: BenchOptions = {
    portBase: Number(env.BENCH_PORT_BASE || 4700),
    name: env.BENCH_NAME || 'bench',
    stages: DEFAULT_STAGES,
    stageSeconds: DEFAULT_STAGE_SECONDS,
  };
  if (!Number.isInteger(options.portBase) || options.portBase < 1024 || options.portBase > 65_000) {
    throw new Error(`BENCH_PORT_BASE must be a port between 1024 and 65000, not ${env.BENCH_PORT_BASE}`);
  }
  // The name becomes part of database names and Redis keys.
  if (!/^[a-z][a-z0-9_]{0,30}$/.test(options.name)) throw new Error(`BENCH_NAME must match [a-z][a-z0-9_]*, not ${options.name}`);
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--only' && (value === 'checkout' || value === 'reads')) options.only = value;
    else if (flag === '--stages' && value && /^\d+(,\d+)*$/.test(value)) options.stages = value.split(',').map(Number);
    else if (flag === '--stage-seconds' && value && /^\d+$/.test(value) && Number(value) > 0) options.stageSeconds = Number(value);
    else throw new Error(`${flag} ${value ?? ''}: not understood\n${usage}`);
    i += 1;
  }
  if (options.stages.some((rate) => rate <= 0)) throw new Error(`--stages must be positive rates\n${usage}`);
  return options;
}

/** The bench's ports, all from the base: the system's processes, then the extra gateways of the reads table. */
export function benchPorts(portBase: number) {
  return {
    gateway: portBase,
    accounts: portBase + 1,
    catalog: portBase + 2,
    orders: portBase + 3,
    payments: portBase + 4,
    ordersWorker: portBase + 5,
    paymentGateway: portBase + 10,
    cachedGateway: portBase + 20,
    stockGateway: portBase + 21,
  };
}

/**
 * The environment of the bench's own copy of the system: its ports, databases, queue prefix and local state,
 * the response cache off (the cached gateway of the reads table turns it on for itself), and everything else,
 * the simulator's latency included, at the system's defaults.
 */
export function benchEnvironment(options: BenchOptions, repoRoot: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const ports = benchPorts(options.portBase);
  const database = (service: string) => `retail_${options.name}_${service}`;
  const local = join(repoRoot, '.local', options.name);
  return {
    ...env,
    NODE_ENV: 'test',
    BIND_HOST: '127.0.0.1',
    GATEWAY_PORT: String(ports.gateway),
    ACCOUNTS_PORT: String(ports.accounts),
    CATALOG_PORT: String(ports.catalog),
    ORDERS_PORT: String(ports.orders),
    PAYMENTS_PORT: String(ports.payments),
    ORDERS_WORKER_PORT: String(ports.ordersWorker),
    PAYMENT_GATEWAY_PORT: String(ports.paymentGateway),
    ACCOUNTS_DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${database('accounts')}`,
    CATALOG_DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${database('catalog')}`,
    ORDERS_DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${database('orders')}`,
    PAYMENTS_DATABASE_URL: `mysql://root@127.0.0.1:3306/${database('payments')}`,
    QUEUE_PREFIX: `retail-${options.name}`,
    APQ_REDIS_PREFIX: `retail-${options.name}:`,
    RESPONSE_CACHE_TTL_SECONDS: '0',
    JWT_PRIVATE_KEY_FILE: join(local, 'accounts-signing-key.pem'),
    PAYMENT_GATEWAY_LEDGER_DIR: join(local, 'payment-gateway'),
  };
}
