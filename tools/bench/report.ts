import { cpus, totalmem } from 'node:os';
import { HOPS_PER_ORDER, orderFloor, type FixedCosts } from './fixed-costs';
import { cannotKeepUp, type StageSummary } from './ramp-stats';
import type { ReadResult } from './reads';

/** The processes of the checkout's CPU columns, in table order. */
export const CHECKOUT_PROCESSES = ['gateway', 'accounts', 'catalog', 'orders', 'orders-worker', 'payments', 'simulator'];

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Milliseconds: one decimal below 100, whole above; a dash for none. */
export function ms(value: number | undefined): string {
  if (value === undefined) return '–';
  return value < 100 ? value.toFixed(1) : Math.round(value).toString();
}

/** The first line of the report: when, on what machine, with which simulator latency. */
export function machineLine(now: Date, simulatorLatencyMs: number): string {
  const cpu = cpus();
  const memoryGiB = (totalmem() / 1024 ** 3).toFixed(1);
  return (
    `Benchmark ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ` +
    `${memoryGiB} GiB, Node ${process.version}; loopback, payment simulator latency ${simulatorLatencyMs} ms`
  );
}

/**
 * The checkout ramp: one row per stage, then the whole ramp with its drain. Backlog is the open orders at the
 * end of the stage, with its change over the stage's second half (↑ when the stage could not keep up);
 * latency is placeOrder sent → CONFIRMED written; CPU is all processes in percent of one core, then ms per
 * placed order per process.
 */
export function rampTable(stages: StageSummary[], whole: StageSummary): string {
  const header = [
    'offered/s',
    'placed',
    'confirmed / cancelled / open at stage end',
    'confirmed/s',
    'backlog (2nd half)',
    'p50 ms',
    'p99 ms',
    'CPU % of a core',
    ...CHECKOUT_PROCESSES.map((name) => `${name} ms/order`),
  ];
  const row = (stage: StageSummary, first: string, backlog: string) => [
    first,
    stage.placeErrors ? `${stage.placed} (${stage.placeErrors} failed)` : String(stage.placed),
    `${stage.confirmed} / ${stage.cancelled} / ${stage.open}`,
    stage.confirmedPerSecond.toFixed(1),
    backlog,
    ms(stage.p50Ms),
    ms(stage.p99Ms),
    stage.cpuPercentOfCore.toFixed(0),
    ...CHECKOUT_PROCESSES.map((name) => ms(stage.cpuMsPerOrder.get(name))),
  ];
  const rows = stages.map((stage) => {
    const growth = stage.backlogEnd - stage.backlogMid;
    const trend = cannotKeepUp(stage.offeredPerSecond, stage.backlogMid, stage.backlogEnd) ? ' ↑' : '';
    return row(stage, String(stage.offeredPerSecond), `${stage.backlogEnd} (${growth >= 0 ? '+' : ''}${growth})${trend}`);
  });
  rows.push(row(whole, 'whole ramp + drain', String(whole.open)));
  return markdownTable(header, rows);
}

/** The system's CPU with no load, one line: what every per-order figure above carries as a floor. */
export function idleLine(idleCpuPercent: Map<string, number>): string {
  const parts = CHECKOUT_PROCESSES.map((name) => `${name} ${(idleCpuPercent.get(name) ?? 0).toFixed(1)}`);
  return `Idle CPU before the ramp, percent of one core: ${parts.join(', ')}.`;
}

export function readsTable(results: ReadResult[], concurrency: number, seconds: number): string {
  const header = ['`Products(first: 20)`', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req: edge', 'catalog', 'all processes'];
  const rows = results.map((result) => [
    result.errors ? `${result.label} (${result.errors} errors)` : result.label,
    result.requestsPerSecond.toFixed(0),
    ms(result.p50Ms),
    ms(result.p99Ms),
    ms(result.edgeCpuMsPerRequest),
    ms(result.catalogCpuMsPerRequest),
    ms(result.allCpuMsPerRequest),
  ]);
  return `${markdownTable(header, rows)}\n\n${concurrency} concurrent requests for ${seconds} s per row, after a warm-up.`;
}

/** The cost of a hop with no work in it, and the floor they put under an order's CPU. */
export function fixedCostsTable(costs: FixedCosts, cores: number): string {
  const floor = orderFloor(costs, cores);
  const rows = [
    ['gateway: `{ __typename }`, answered without a subgraph', ms2(costs.gatewayMs), `× ${HOPS_PER_ORDER.gateway}`],
    ['subgraph (catalog): `{ __typename }` with a service token', ms2(costs.subgraphMs), `× ${HOPS_PER_ORDER.subgraph}`],
    ['BullMQ: a no-op job added and run, Node', ms2(costs.jobNodeMs), `× ${HOPS_PER_ORDER.job}`],
    ['BullMQ: the same job, Redis', ms2(costs.jobRedisMs), `× ${HOPS_PER_ORDER.job}`],
  ];
  return [
    markdownTable(['a hop with no work in it', 'CPU ms', 'per order'], rows),
    `Per order from these alone, before any SQL, payment or business logic: ${ms2(floor.msPerOrder)} ms of CPU, ` +
      `so at most ${Math.floor(floor.ordersPerSecond)} orders/s on ${cores} cores (the simulator's HTTP calls and the databases not counted).`,
  ].join('\n\n');
}

/** Milliseconds with two decimals, for costs below one millisecond. */
function ms2(value: number): string {
  return value.toFixed(2);
}

/** Resident memory of one process at one moment. */
export interface ResidentMemory {
  name: string;
  rssMiB: number;
}

/** Resident memory per process, a row per moment it was read (the processes as in the first row). */
export function memoryTable(samples: { when: string; resident: ResidentMemory[] }[]): string {
  const names = samples[0]?.resident.map((process) => process.name) ?? [];
  return markdownTable(
    ['', ...names],
    samples.map(({ when, resident }) => [when, ...names.map((name) => {
      const rss = resident.find((process) => process.name === name)?.rssMiB;
      return rss === undefined ? '–' : `${rss} MiB`;
    })]),
  );
}
