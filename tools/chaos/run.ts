import { randomInt } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { runCli } from '../db/cli';
import { dropDatabase } from '../db/migration-runner';
import { prepareSystem } from '../launcher/start-system';
import { Supervisor } from '../launcher/supervisor';
import { systemProcesses } from '../launcher/system-processes';
import {
  CHAOS_ADMIN,
  CHAOS_DATABASES,
  CHAOS_PORTS,
  CHAOS_PROFILES,
  CHAOS_STATE_DIR,
  SETTLE_DEADLINE_MS,
  chaosEnvironment,
  type ChaosProfile,
} from './chaos-profile';
import { ChaosShop } from './chaos-shop';
import { ChaosSystem } from './chaos-system';
import { FaultInjector, faultSchedule } from './faults';
import { INVARIANTS, type RunFacts } from './invariants';
import { SeededRandom } from './random';
import { orderStatusCounts, takeSnapshot, unpublishedOutboxCount } from './system-snapshot';
import { planOrders, runOrders } from './workload';

/**
 * `npm run chaos [-- --profile full|ci] [--seed N] [--keep]`: starts a private copy of the whole system (ports
 * 5150-5170, `retail_chaos_*` databases, a redis-server of its own), places orders while injecting faults at
 * seeded random moments, then checks the invariants in the databases and the simulator's ledger: one line
 * each, a summary, exit 1 if any failed. Stops and removes everything it started (`--keep` keeps the
 * databases; process logs are kept when an invariant fails).
 */
interface Options {
  profile: ChaosProfile;
  seed: number;
  keep: boolean;
}

function parseArgs(argv: string[]): Options {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const profileName = value('--profile') ?? 'full';
  const profile = CHAOS_PROFILES[profileName as ChaosProfile['name']];
  if (!profile) throw new Error(`--profile must be one of ${Object.keys(CHAOS_PROFILES).join(', ')}`);
  const seedText = value('--seed');
  const seed = seedText === undefined ? randomInt(1, 2 ** 31 - 1) : Number(seedText);
  if (!Number.isInteger(seed) || seed <= 0) throw new Error('--seed must be a positive integer');
  return { profile, seed, keep: argv.includes('--keep') };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line: string) => process.stdout.write(`${line}\n`);

async function untilRedisAnswers(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const probe = new Redis({ host: '127.0.0.1', port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') return;
    } catch {
      // not listening yet
    } finally {
      probe.disconnect();
    }
    await sleep(100);
  }
  throw new Error(`redis-server on port ${port} did not answer`);
}

async function dropChaosDatabases(): Promise<void> {
  for (const url of Object.values(CHAOS_DATABASES)) await dropDatabase(url);
}

async function main(): Promise<number> {
  const { profile, seed, keep } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const env = chaosEnvironment();
  const random = new SeededRandom(seed);
  const logDir = join(CHAOS_STATE_DIR, 'logs', `${new Date().toISOString().replace(/[:.]/g, '-')}-seed-${seed}`);
  say(`chaos: seed ${seed}, profile ${profile.name}: ${profile.orders} orders from ${profile.customers} customers, ${profile.orderWorkers} orders-workers`);

  // A clean slate: the suite's own databases, ledger and Redis directory only.
  await dropChaosDatabases();
  rmSync(join(CHAOS_STATE_DIR, 'payment-gateway'), { recursive: true, force: true });
  const redisDir = join(CHAOS_STATE_DIR, 'redis');
  rmSync(redisDir, { recursive: true, force: true });
  mkdirSync(redisDir, { recursive: true });

  const system = new ChaosSystem(env, logDir);
  let passed = false;
  const interrupt = () => void system.stopAll(2_000).then(() => process.exit(130));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  // Whatever happens to the suite, nothing it started outlives it.
  process.once('exit', () => system.killAllNow());
  try {
    // Persistence off: a restart of this Redis loses every key, as the suite intends.
    await system.startCommand(
      'redis',
      'redis-server',
      ['--port', String(CHAOS_PORTS.redis), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', redisDir],
      () => untilRedisAnswers(CHAOS_PORTS.redis),
    );
    const setup = new Supervisor({ env, log: () => undefined });
    await prepareSystem(env, setup);
    const {
      simulator,
      instances: [{ backends, gateway }],
    } = systemProcesses(env);
    const workerSpec = backends.find((spec) => spec.name === 'orders-worker')!;
    // Each worker serves its health routes on a port of its own.
    const workers = Array.from({ length: profile.orderWorkers }, (_, i) => {
      const port = CHAOS_PORTS.ordersWorker + i;
      return {
        ...workerSpec,
        name: `orders-worker-${i + 1}`,
        env: { ...workerSpec.env, ORDERS_WORKER_PORT: String(port) },
        readiness: { url: `http://127.0.0.1:${port}/health/ready` },
      };
    });
    await Promise.all([
      ...[simulator, ...backends.filter((spec) => spec !== workerSpec)].map((spec) => system.startService(spec)),
      ...workers.map((spec) => system.startService(spec)),
    ]);
    await system.startService(gateway);
    say(`chaos: system up in ${((Date.now() - started) / 1000).toFixed(0)} s (logs in ${logDir})`);

    const shop = new ChaosShop(`http://127.0.0.1:${CHAOS_PORTS.gateway}/graphql`);
    const admin = await shop.login(CHAOS_ADMIN.email, CHAOS_ADMIN.password);
    const initialStock = new Map<string, number>();
    for (let i = 0; i < profile.products; i += 1) {
      initialStock.set(await shop.createProduct(admin, profile.stockPerProduct, random.int(5, 60) * 100), profile.stockPerProduct);
    }
    const tokens: string[] = [];
    for (let i = 0; i < profile.customers; i += 1) tokens.push(await shop.register());

    const plans = planOrders(random, profile, [...initialStock.keys()]);
    const schedule = faultSchedule(random, profile.loadWindowMs, profile.extraFaults);
    const asked = plans.reduce((total, plan) => total + plan.request.items.reduce((sum, item) => sum + item.quantity, 0), 0);
    say(
      `chaos: ${plans.length} orders asking ${asked} units of ${profile.products * profile.stockPerProduct} in stock, ` +
        `${schedule.length} faults over ${profile.loadWindowMs / 1000} s`,
    );

    const loadStartedAt = Date.now();
    const injector = new FaultInjector({ system, workers: workers.map((spec) => spec.name), random }, loadStartedAt);
    const faults = Promise.all(
      schedule.map(async ({ at, kind }) => {
        await sleep(loadStartedAt + at - Date.now());
        await injector.inject(kind);
        const fault = injector.injected[injector.injected.length - 1];
        say(`  +${(fault.at / 1000).toFixed(1)} s ${fault.kind}: ${fault.detail}`);
      }),
    );
    const workload = await runOrders(shop, plans, tokens, loadStartedAt);
    await faults;
    await injector.settled();
    const lastFault = injector.lastFaultEndedAt() ?? new Date(loadStartedAt);
    say(
      `chaos: load done; ${workload.failedPlacements.length} placements and ${workload.failedCancellations.length} ` +
        `cancellations failed after retries; waiting for every order to finish`,
    );
    for (const failure of [...workload.failedPlacements, ...workload.failedCancellations].slice(0, 10)) say(`    ${failure}`);

    // Every order must finish within the deadline after the last fault; then the outbox must drain.
    const deadline = lastFault.getTime() + SETTLE_DEADLINE_MS;
    let counts = await orderStatusCounts();
    const unfinished = () => (counts.get('PENDING') ?? 0) + (counts.get('CANCELLING') ?? 0);
    while (unfinished() > 0 && Date.now() < deadline) {
      await sleep(500);
      counts = await orderStatusCounts();
    }
    const settleSeconds = (Date.now() - lastFault.getTime()) / 1000;
    for (let i = 0; i < 20 && (await unpublishedOutboxCount()) > 0; i += 1) await sleep(500);

    const snapshot = await takeSnapshot([...initialStock.keys()]);
    const replays = [];
    for (const service of ['orders', 'payments']) {
      const output: string[] = [];
      const code = await runCli(['replay', service], env, (line) => output.push(line));
      replays.push({ service, code, output });
    }
    const facts: RunFacts = {
      snapshot,
      initialStock,
      workload,
      unfinishedAtDeadline: snapshot.orders.filter((order) => order.status === 'PENDING' || order.status === 'CANCELLING').map((order) => order.id),
      settleSeconds,
      unexpectedDeaths: [...system.unexpectedDeaths],
      replays,
    };

    const results = INVARIANTS.map((invariant) => invariant(facts));
    for (const { name, violations, checked } of results) {
      if (violations.length === 0) {
        say(`PASS  ${name} (${checked})`);
      } else {
        say(`FAIL  ${name}: ${violations.length} violation(s)`);
        for (const violation of violations.slice(0, 10)) say(`        ${violation}`);
        if (violations.length > 10) say(`        ... and ${violations.length - 10} more`);
      }
    }
    const held = results.filter((result) => result.violations.length === 0).length;
    const byStatus = ['CONFIRMED', 'CANCELLED', 'PENDING', 'CANCELLING']
      .map((status) => `${snapshot.orders.filter((order) => order.status === status).length} ${status}`)
      .join(', ');
    passed = held === results.length;
    say(
      `chaos: ${passed ? 'PASSED' : 'FAILED'}: ${held} of ${results.length} invariants held; seed ${seed}, profile ${profile.name}, ` +
        `${injector.injected.length} faults, ${snapshot.orders.length} orders (${byStatus}), ` +
        `${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    if (!passed) say(`chaos: rerun with: npm run chaos -- --profile ${profile.name} --seed ${seed}; logs in ${logDir}`);
    return passed ? 0 : 1;
  } finally {
    await system.stopAll();
    if (!keep) await dropChaosDatabases();
    rmSync(redisDir, { recursive: true, force: true });
    rmSync(join(CHAOS_STATE_DIR, 'payment-gateway'), { recursive: true, force: true });
    rmSync(env.JWT_PRIVATE_KEY_FILE!, { force: true });
    if (passed) rmSync(logDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`chaos: could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);
