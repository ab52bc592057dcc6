import { createWriteStream, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, ServiceTokenClient, readConfig, readRedisUrl, readServiceCredentials } from '@retail/common';
import { wipeState } from '../launcher/fresh-start';
import { startSystem, type RunningSystem } from '../launcher/start-system';
import { Supervisor, waitUntilReady } from '../launcher/supervisor';
import { systemProcesses, type ProcessSpec } from '../launcher/system-processes';
import { loadPaymentGatewaySimulatorConfig } from '../payment-gateway-simulator/main';
import { childProcesses, residentMiB } from './bench-client';
import { benchEnvironment, benchPorts, parseBenchOptions, type BenchOptions } from './bench-options';
import { runCheckoutRamp } from './checkout-ramp';
import { measureFixedCosts } from './measure-fixed-costs';
import type { BenchProcess } from './process-cpu';
import { READ_CONCURRENCY, READ_SECONDS, measureReads, warmUp, type ReadResult, type ReadTarget } from './reads';
import { CHECKOUT_PROCESSES, fixedCostsTable, idleLine, machineLine, memoryTable, rampTable, readsTable } from './report';

/** A run that takes longer than this is stopped (processes included) and fails. */
const RUN_LIMIT_MS = 15 * 60_000;
const CACHED_GATEWAY = 'gateway (cache)';
const STOCK_GATEWAY = 'stock-gateway';
/** How long the bench leaves the system idle before reading resident memory a second time. */
const IDLE_MEMORY_MS = 60_000;
/** The extra gateways of the reads table, by pid: the project's gateway runs twice, so its script cannot tell them apart. */
const extraPids = new Map<number, string>();

/**
 * `npm run bench [-- --only checkout|reads] [--stages 10,25,50] [--stage-seconds N]`: starts a private copy of
 * the system (loopback only; ports from BENCH_PORT_BASE, databases retail_<BENCH_NAME>_*, queue prefix
 * retail-<BENCH_NAME>), measures the storefront's product list through four endpoints, the fixed cost of a hop
 * and a ramp of checkouts, checks every order ended as it must, reads every process's memory when the load
 * ends and a minute later, prints markdown tables and stops everything. Progress goes
 * to stderr, the services' logs to .local/<BENCH_NAME>/bench.log. Exits 1 when a check failed.
 */
async function main(): Promise<number> {
  const options = parseBenchOptions(process.argv.slice(2), process.env);
  const env = benchEnvironment(options, REPO_ROOT, process.env);
  const localDir = join(REPO_ROOT, '.local', options.name);
  mkdirSync(localDir, { recursive: true });
  const logFile = createWriteStream(join(localDir, 'bench.log'));
  const log = (line: string) => void logFile.write(`${line}\n`);
  const progress = (line: string) => console.error(`bench: ${line}`);
  const problems: string[] = [];
  const crashed = (name: string, code: number | null) => problems.push(`${name} exited on its own (code ${code}); see ${localDir}/bench.log`);

  progress(`starting the system on ports ${options.portBase}+ (retail_${options.name}_* databases)`);
  await wipeState(env);
  let system: RunningSystem | undefined;
  const extras = new Supervisor({ env, log, onUnexpectedExit: crashed });
  const stopAll = async () => {
    await extras.stopAll();
    await system?.stop();
  };
  const limit = setTimeout(() => {
    console.error(`bench: still running after ${RUN_LIMIT_MS / 60_000} minutes; stopping`);
    void stopAll().finally(() => process.exit(2));
  }, RUN_LIMIT_MS);
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  try {
    system = await startSystem({ env, log, onCrash: crashed });
    const sections = [machineLine(new Date(), loadPaymentGatewaySimulatorConfig(env).latencyMs)];
    if (options.only !== 'checkout') {
      const results = await runReads(options, env, extras, progress);
      sections.push('### Reads', readsTable(results, READ_CONCURRENCY, READ_SECONDS));
      for (const result of results) if (result.errors) problems.push(`${result.label}: ${result.errors} failed reads; the first: ${result.firstError}`);
      progress('fixed costs: an empty request to the gateway and to a subgraph, a no-op queue job');
      const costs = await measureFixedCosts({
        gatewayUrl: system.gatewayUrl,
        catalogUrl: `http://127.0.0.1:${benchPorts(options.portBase).catalog}/graphql`,
        serviceToken: await catalogServiceToken(env),
        redisUrl: readConfig(readRedisUrl, env),
        queuePrefix: `${env.QUEUE_PREFIX}-fixed-costs`,
        processes: benchProcesses(env),
      });
      sections.push('### Fixed costs per hop', fixedCostsTable(costs, cpus().length));
    }
    if (options.only !== 'reads') {
      const ramp = await runCheckoutRamp({
        gatewayUrl: system.gatewayUrl,
        ordersDatabaseUrl: env.ORDERS_DATABASE_URL!,
        catalogDatabaseUrl: env.CATALOG_DATABASE_URL!,
        stages: options.stages,
        stageSeconds: options.stageSeconds,
        processes: benchProcesses(env),
        log: progress,
      });
      const note = `Open loop after 10 warm-up checkouts, ${options.stageSeconds} s per stage, 200 customers, 1 order in 20 with a declining card. Latency: placeOrder sent → CONFIRMED written. CPU: all processes in percent of one core, then ms per order placed (in the last row: all CPU from the first order to the end of the drain).`;
      const checked = ramp.problems.length
        ? `Checks FAILED (below).`
        : `Checked: all ${ramp.orders} orders settled as their cards say, none left open or parked, no stock left reserved, units sold = orders confirmed.`;
      sections.push(
        '### Checkout ramp',
        rampTable(ramp.stages, ramp.whole),
        [
          note,
          ramp.stoppedEarly ? `Ramp ${ramp.stoppedEarly}.` : '',
          ramp.busyRetries ? `${ramp.busyRetries} placeOrder calls were answered SERVICE_UNAVAILABLE and sent again.` : '',
          idleLine(ramp.idleCpuPercent),
          checked,
        ].filter(Boolean).join(' '),
      );
      problems.push(...ramp.problems);
    }
    sections.push('### Resident memory after the bench', await residentMemory(env, progress));
    console.log(sections.join('\n\n'));
  } finally {
    clearTimeout(limit);
    progress('stopping');
    await stopAll();
    logFile.end();
  }
  if (problems.length) {
    console.error(`\nbench FAILED:\n- ${problems.join('\n- ')}`);
    return 1;
  }
  return 0;
}

/** The reads table: the project's gateway without and with its response cache, a stock gateway, the catalog alone. */
async function runReads(options: BenchOptions, env: NodeJS.ProcessEnv, extras: Supervisor, progress: (line: string) => void): Promise<ReadResult[]> {
  const ports = benchPorts(options.portBase);
  const gatewayScript = systemProcesses(env).instances[0]!.gateway.script;
  progress('starting a gateway with its response cache on, and a stock Apollo gateway');
  const cached: ProcessSpec = {
    name: CACHED_GATEWAY,
    script: gatewayScript,
    env: { GATEWAY_PORT: String(ports.cachedGateway), RESPONSE_CACHE_TTL_SECONDS: '60' },
    readiness: { url: `http://127.0.0.1:${ports.cachedGateway}/health/ready` },
  };
  const stock: ProcessSpec = {
    name: STOCK_GATEWAY,
    script: join(__dirname, 'stock-gateway.js'),
    env: { STOCK_GATEWAY_PORT: String(ports.stockGateway) },
    readiness: {
      url: `http://127.0.0.1:${ports.stockGateway}/`,
      init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) },
    },
  };
  for (const spec of [cached, stock]) extraPids.set(extras.start(spec).pid!, spec.name);
  await Promise.all([cached, stock].map((spec) => waitUntilReady(spec)));

  const serviceToken = await catalogServiceToken(env);
  const targets: ReadTarget[] = [
    { label: 'project gateway, response cache off', url: `http://127.0.0.1:${ports.gateway}/graphql`, edgeProcess: 'gateway' },
    { label: 'project gateway, RESPONSE_CACHE_TTL_SECONDS=60', url: `http://127.0.0.1:${ports.cachedGateway}/graphql`, edgeProcess: CACHED_GATEWAY },
    { label: 'stock @apollo/server + @apollo/gateway', url: `http://127.0.0.1:${ports.stockGateway}/`, edgeProcess: STOCK_GATEWAY },
    { label: 'catalog subgraph, directly', url: `http://127.0.0.1:${ports.catalog}/graphql`, headers: { authorization: `Bearer ${serviceToken}` } },
  ];
  progress('reads: warming up every endpoint');
  for (const target of targets) await warmUp(target);
  const results: ReadResult[] = [];
  for (const target of targets) {
    progress(`reads: ${target.label}`);
    results.push(await measureReads(target, benchProcesses(env)));
  }
  return results;
}

/** A service token for the catalog subgraph, as the gateway gets one. */
function catalogServiceToken(env: NodeJS.ProcessEnv): Promise<string> {
  return new ServiceTokenClient(readConfig((reader) => readServiceCredentials(reader, 'gateway'), env)).token('catalog');
}

/**
 * Resident memory of every process when the load ends, and again after IDLE_MEMORY_MS without load: V8 keeps
 * the heap it grew under load until its memory reducer sees the process idle (in the runs measured, 10-40 s
 * after the last request) and then collects and returns pages to the system.
 */
async function residentMemory(env: NodeJS.ProcessEnv, progress: (line: string) => void): Promise<string> {
  const read = () => benchProcesses(env).flatMap(({ pid, name }) => {
    const rssMiB = residentMiB(pid);
    return rssMiB === undefined ? [] : [{ name, rssMiB }];
  });
  const atEnd = read();
  progress(`resident memory: reading it again after ${IDLE_MEMORY_MS / 1000} s without load`);
  await new Promise((resolve) => setTimeout(resolve, IDLE_MEMORY_MS));
  return [
    memoryTable([
      { when: 'when the load ended', resident: atEnd },
      { when: `after ${IDLE_MEMORY_MS / 1000} s idle`, resident: read() },
    ]),
    'VmRSS from /proc. The first row is read as soon as the last request was answered (after the reads table with `--only reads`).',
  ].join('\n\n');
}

/**
 * The processes the bench launched, by name: the system's (known by the script each runs; the payment
 * gateway simulator as `simulator`) and the extra gateways of the reads table (known by pid).
 */
function benchProcesses(env: NodeJS.ProcessEnv): BenchProcess[] {
  const { simulator, instances } = systemProcesses(env);
  const byScript = new Map<string, string>([[simulator.script, 'simulator']]);
  for (const spec of [...instances[0]!.backends, instances[0]!.gateway]) byScript.set(spec.script, spec.name);
  const order = (name: string) => (CHECKOUT_PROCESSES.indexOf(name) + 1 || CHECKOUT_PROCESSES.length + 1);
  return childProcesses()
    .map(({ pid, script }) => ({ pid, name: extraPids.get(pid) ?? byScript.get(script) ?? script }))
    .sort((a, b) => order(a.name) - order(b.name) || a.name.localeCompare(b.name));
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
