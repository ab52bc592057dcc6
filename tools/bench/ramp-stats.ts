/** One order the ramp placed, and what the orders database says became of it. */
export interface PlacedOrder {
  id: string;
  /** Index of the ramp stage that placed it. */
  stage: number;
  /** Client clock (epoch ms) just before placeOrder was sent. */
  sentAt: number;
  /** The test card it paid with: `approve` must end CONFIRMED, `decline` CANCELLED. */
  card: 'approve' | 'decline';
  productId: string;
  status?: 'CONFIRMED' | 'CANCELLED';
  /** When the final status was written (the order's updatedAt, epoch ms, same machine clock). */
  settledAt?: number;
  failureReason?: string | null;
}

/** One ramp stage as it ran: its offered rate, its window (epoch ms) and what it measured live. */
export interface StageRun {
  offeredPerSecond: number;
  start: number;
  end: number;
  placeErrors: number;
  /** Open work at mid-stage and at the end: orders not yet final plus placeOrder calls not yet answered. */
  backlogMid: number;
  backlogEnd: number;
  /** CPU ms per process during the window. */
  cpuMs: Map<string, number>;
}

export interface StageSummary {
  offeredPerSecond: number;
  /** Orders of this stage placed (placeOrder answered). */
  placed: number;
  placeErrors: number;
  /** This stage's orders by state at the end of the stage. */
  confirmed: number;
  cancelled: number;
  open: number;
  /** Orders of any stage that reached CONFIRMED during the stage's window, per second. */
  confirmedPerSecond: number;
  /** Open orders (of every stage so far, placeOrder calls in flight included) at mid-stage and at the end of the stage. */
  backlogMid: number;
  backlogEnd: number;
  /** placeOrder sent → CONFIRMED written, over this stage's confirmed orders (whenever they confirmed). */
  p50Ms?: number;
  p99Ms?: number;
  /** CPU ms per placed order, per process. */
  cpuMsPerOrder: Map<string, number>;
  /** All processes together, in percent of one core. */
  cpuPercentOfCore: number;
}

/** Nearest-rank percentile of `values` (p in 0–100); undefined for no values. */
export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * A stage the system clearly cannot keep up with: over its second half the backlog grew by more than two
 * seconds' worth of offered orders (completions fell well behind arrivals), or it reached ten seconds' worth.
 */
export function cannotKeepUp(offeredPerSecond: number, backlogMid: number, backlogEnd: number): boolean {
  return backlogEnd - backlogMid > Math.max(20, 2 * offeredPerSecond) || backlogEnd > Math.max(50, 10 * offeredPerSecond);
}

/** The figures of each stage, from the orders once they settled. */
export function summarizeStages(runs: StageRun[], orders: PlacedOrder[]): StageSummary[] {
  return runs.map((run, stage) => summarize(run, orders.filter((order) => order.stage === stage), orders));
}

/** The figures of the whole ramp, from its first order to the end of the drain: every order, all CPU. */
export function summarizeWhole(run: StageRun, orders: PlacedOrder[]): StageSummary {
  return summarize(run, orders, orders);
}

function summarize(run: StageRun, own: PlacedOrder[], orders: PlacedOrder[]): StageSummary {
  const settledBy = (order: PlacedOrder, status: PlacedOrder['status']) =>
    order.status === status && order.settledAt !== undefined && order.settledAt <= run.end;
  const confirmed = own.filter((order) => settledBy(order, 'CONFIRMED')).length;
  const cancelled = own.filter((order) => settledBy(order, 'CANCELLED')).length;
  const seconds = (run.end - run.start) / 1000;
  const confirmedInWindow = orders.filter(
    (order) => order.status === 'CONFIRMED' && order.settledAt! >= run.start && order.settledAt! < run.end,
  ).length;
  const latencies = own.filter((order) => order.status === 'CONFIRMED').map((order) => order.settledAt! - order.sentAt);
  const totalCpuMs = [...run.cpuMs.values()].reduce((sum, ms) => sum + ms, 0);
  return {
    offeredPerSecond: run.offeredPerSecond,
    placed: own.length,
    placeErrors: run.placeErrors,
    confirmed,
    cancelled,
    open: own.length - confirmed - cancelled,
    confirmedPerSecond: confirmedInWindow / seconds,
    backlogMid: run.backlogMid,
    backlogEnd: run.backlogEnd,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    cpuMsPerOrder: new Map([...run.cpuMs].map(([name, ms]) => [name, own.length ? ms / own.length : 0])),
    cpuPercentOfCore: (totalCpuMs / (seconds * 1000)) * 100,
  };
}

/** What is wrong with a settled order's final state, or undefined when it is right. */
export function finalStateProblem(order: PlacedOrder): string | undefined {
  if (order.status === undefined) return `order ${order.id} is still open`;
  if (order.card === 'decline') {
    if (order.status === 'CANCELLED' && /declin|stock/i.test(order.failureReason ?? '')) return undefined;
    return `order ${order.id} paid with a declining card ended ${order.status} (${order.failureReason ?? 'no failure reason'})`;
  }
  if (order.status === 'CONFIRMED') return undefined;
  if (/stock/i.test(order.failureReason ?? '')) return undefined; // out of stock is a correct ending
  return `order ${order.id} paid with an approving card ended CANCELLED: ${order.failureReason ?? 'no failure reason'}`;
}
