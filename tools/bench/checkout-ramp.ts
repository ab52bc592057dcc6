import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { GraphQLHttpClient, clientOperation, forEachLimited } from './bench-client';
import { startCpuMeasure, type BenchProcess } from './process-cpu';
import { cannotKeepUp, finalStateProblem, summarizeStages, summarizeWhole, type PlacedOrder, type StageRun, type StageSummary } from './ramp-stats';
import { SettlementWatcher } from './settlement-watcher';

const CUSTOMERS = 200;
/** Every 20th order pays with the declining test card, so compensation runs under load too. */
const DECLINE_EVERY = 20;
const APPROVE_CARD = 'tok_visa';
const DECLINE_CARD = 'tok_chargeDeclined';
/** Units given to every product first, so no checkout of the bench runs out of stock. */
const STOCK_UNITS = 1_000_000;
/** The final drain gives up when no order settled for this long, and in any case after DRAIN_MAX_MS. */
const DRAIN_IDLE_MS = 30_000;
const DRAIN_MAX_MS = 180_000;
/** Connections to the gateway at most; orders due beyond that wait for one, their send time still counted. */
const MAX_CONNECTIONS = 256;
const WARM_UP_ORDERS = 10;
const WARM_UP_STAGE = -1;
/** How long the system's idle CPU is measured before the ramp (timers, pollers, the reconciler). */
const IDLE_SECONDS = 5;

export interface CheckoutRampOptions {
  gatewayUrl: string;
  ordersDatabaseUrl: string;
  catalogDatabaseUrl: string;
  /** Offered orders per second, one stage each. */
  stages: number[];
  stageSeconds: number;
  /** The processes whose CPU each stage reports. */
  processes: BenchProcess[];
  log: (line: string) => void;
}

export interface CheckoutRampResult {
  stages: StageSummary[];
  /** Every order, from the first placed to the end of the drain, CPU included. */
  whole: StageSummary;
  /** CPU of each process with no load, in percent of one core, measured just before the ramp. */
  idleCpuPercent: Map<string, number>;
  /** Why the ramp stopped before its last stage, if it did. */
  stoppedEarly?: string;
  orders: number;
  /** What the final checks found wrong; empty when every order ended as it must. */
  problems: string[];
}

/**
 * The checkout ramp: after a few warm-up checkouts, 200 customers place orders on a fixed schedule (open loop: an order is sent when it is
 * due, whether or not earlier ones finished), stage by stage at rising rates, while the orders database is
 * watched for their final status. Stops after a stage the checkout clearly cannot keep up with, drains, and
 * checks every order's final state and the stock they moved.
 */
export async function runCheckoutRamp(options: CheckoutRampOptions): Promise<CheckoutRampResult> {
  const client = new GraphQLHttpClient(options.gatewayUrl, MAX_CONNECTIONS);
  const watcher = await SettlementWatcher.connect(options.ordersDatabaseUrl);
  try {
    options.log(`registering ${CUSTOMERS} customers`);
    const tokens = await registerCustomers(client);
    const productIds = await productsToBuy(client);
    await setStock(options.catalogDatabaseUrl, productIds, STOCK_UNITS);

    const placeOrder = clientOperation('PlaceOrder');
    const orders: PlacedOrder[] = [];
    const runs: StageRun[] = [];
    const placeErrors: string[] = [];
    const placing = new Set<Promise<void>>();
    let sequence = 0;
    const place = (stage: number, run: StageRun): Promise<void> => {
      const i = sequence++;
      const card = i % DECLINE_EVERY === DECLINE_EVERY - 1 ? 'decline' : 'approve';
      const productId = productIds[i % productIds.length]!;
      const sentAt = Date.now();
      const input = { items: [{ productId, quantity: 1 }], paymentToken: card === 'decline' ? DECLINE_CARD : APPROVE_CARD };
      const placed = client.post(placeOrder, { input }, tokens[i % tokens.length]).then(
        (data) => {
          const order: PlacedOrder = { id: data.placeOrder.id, stage, sentAt, card, productId };
          orders.push(order);
          watcher.track(order);
        },
        (error: unknown) => {
          run.placeErrors += 1;
          placeErrors.push(error instanceof Error ? error.message : String(error));
        },
      );
      placing.add(placed);
      void placed.finally(() => placing.delete(placed));
      return placed;
    };
    const backlogNow = async () => {
      await watcher.pollNow();
      return watcher.openCount + placing.size;
    };

    // A few checkouts first, so that connection pools, token caches and compiled code are warm when the ramp
    // starts; they are checked at the end like every other order, but belong to no stage.
    options.log(`warming up with ${WARM_UP_ORDERS} checkouts`);
    const warmUp: StageRun = { offeredPerSecond: 0, start: Date.now(), end: Date.now(), placeErrors: 0, backlogMid: 0, backlogEnd: 0, cpuMs: new Map() };
    await forEachLimited(WARM_UP_ORDERS, 2, () => place(WARM_UP_STAGE, warmUp));
    await watcher.drain({ idleMs: DRAIN_IDLE_MS, maxMs: DRAIN_MAX_MS });
    const idle = startCpuMeasure(options.processes);
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    const idleCpuPercent = new Map([...idle()].map(([name, ms]) => [name, ms / (IDLE_SECONDS * 10)]));

    let stoppedEarly: string | undefined;
    const rampStart = Date.now();
    const rampCpu = startCpuMeasure(options.processes);
    for (const [stage, rate] of options.stages.entries()) {
      const start = Date.now();
      const mid = start + options.stageSeconds * 500;
      const run: StageRun = { offeredPerSecond: rate, start, end: start + options.stageSeconds * 1000, placeErrors: 0, backlogMid: 0, backlogEnd: 0, cpuMs: new Map() };
      const cpu = startCpuMeasure(options.processes);
      let fired = 0;
      let midMeasured = false;
      while (Date.now() < run.end) {
        const due = Math.floor(((Date.now() - start) * rate) / 1000) + 1;
        for (; fired < due; fired += 1) place(stage, run);
        // Measured aside, so that the schedule does not wait for the database.
        if (!midMeasured && Date.now() >= mid) {
          midMeasured = true;
          void backlogNow().then((backlog) => (run.backlogMid = backlog));
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      run.cpuMs = cpu();
      runs.push(run);
      run.backlogEnd = await backlogNow();
      options.log(`stage ${rate}/s: ${fired} orders offered, backlog ${run.backlogMid} at mid-stage, ${run.backlogEnd} at its end`);
      if (cannotKeepUp(rate, run.backlogMid, run.backlogEnd)) {
        if (stage < options.stages.length - 1) stoppedEarly = `stopped after ${rate}/s: the backlog grew from ${run.backlogMid} to ${run.backlogEnd} open orders`;
        break;
      }
    }

    options.log(`draining ${watcher.openCount + placing.size} open orders`);
    const drainStart = Date.now();
    await Promise.all(placing);
    const stillOpen = await watcher.drain({ idleMs: DRAIN_IDLE_MS, maxMs: DRAIN_MAX_MS });
    const rampEnd = Date.now();
    const rampErrors = runs.reduce((sum, run) => sum + run.placeErrors, 0);
    const whole: StageRun = { offeredPerSecond: 0, start: rampStart, end: rampEnd, placeErrors: rampErrors, backlogMid: stillOpen, backlogEnd: stillOpen, cpuMs: rampCpu() };
    options.log(`drained in ${((rampEnd - drainStart) / 1000).toFixed(0)} s`);
    const problems = await finalChecks(orders, placeErrors, stillOpen, watcher, options.catalogDatabaseUrl);
    return { stages: summarizeStages(runs, orders), whole: summarizeWhole(whole, orders.filter((order) => order.stage !== WARM_UP_STAGE)), idleCpuPercent, stoppedEarly, orders: orders.length, problems };
  } finally {
    client.close();
    await watcher.close();
  }
}

async function registerCustomers(client: GraphQLHttpClient): Promise<string[]> {
  const register = clientOperation('Register');
  const tokens: string[] = [];
  // Few at a time: each registration hashes a password (argon2id), which is meant to be slow.
  await forEachLimited(CUSTOMERS, 4, async (i) => {
    const data = await client.post(register, { email: `bench-${i}-${randomUUID()}@example.com`, password: 'bench-pass-42', name: `Bench ${i}` });
    tokens.push(data.register.accessToken as string);
  });
  return tokens;
}

async function productsToBuy(client: GraphQLHttpClient): Promise<string[]> {
  const data = await client.post(clientOperation('Products'), { first: 20 });
  const ids = (data.products.edges as { node: { id: string } }[]).map((edge) => edge.node.id);
  if (ids.length === 0) throw new Error('the catalog has no products to order');
  return ids;
}

/** Gives every product `units` available and none reserved, straight in the bench's catalog database. */
async function setStock(catalogDatabaseUrl: string, productIds: string[], units: number): Promise<void> {
  await withDatabase(catalogDatabaseUrl, (db) =>
    db.query(`UPDATE "Inventory" SET available = $1, reserved = 0 WHERE "productId" = ANY($2::uuid[])`, [units, productIds]),
  );
}

/**
 * After the drain: every placeOrder answered, every order in its right final state, nothing unfinished or
 * parked in the database, no order the bench does not know of, no stock still reserved, and exactly one unit
 * sold per confirmed order.
 */
async function finalChecks(
  orders: PlacedOrder[],
  placeErrors: string[],
  stillOpen: number,
  watcher: SettlementWatcher,
  catalogDatabaseUrl: string,
): Promise<string[]> {
  const problems: string[] = [];
  if (placeErrors.length) problems.push(`${placeErrors.length} placeOrder calls failed; the first: ${placeErrors[0]}`);
  if (stillOpen) {
    problems.push(`${stillOpen} orders still open after the drain (none settled for ${DRAIN_IDLE_MS / 1000} s, or ${DRAIN_MAX_MS / 1000} s passed)`);
  }
  const wrong = orders.map(finalStateProblem).filter((problem): problem is string => problem !== undefined && !problem.endsWith('still open'));
  if (wrong.length) problems.push(`${wrong.length} orders ended wrongly, e.g. ${wrong.slice(0, 3).join('; ')}`);
  const totals = await watcher.totals();
  if (totals.unfinished) problems.push(`${totals.unfinished} orders in the database are not CONFIRMED or CANCELLED`);
  if (totals.parkedSagas) problems.push(`${totals.parkedSagas} checkout sagas are parked (NEEDS_ATTENTION)`);
  if (totals.orders !== orders.length) problems.push(`the database holds ${totals.orders} orders; the bench placed ${orders.length}`);

  const confirmedPerProduct = new Map<string, number>();
  for (const order of orders) {
    if (order.status === 'CONFIRMED') confirmedPerProduct.set(order.productId, (confirmedPerProduct.get(order.productId) ?? 0) + 1);
  }
  const productIds = [...new Set(orders.map((order) => order.productId))];
  const { rows } = await withDatabase(catalogDatabaseUrl, (db) =>
    db.query<{ productId: string; available: number; reserved: number }>(
      `SELECT "productId", available, reserved FROM "Inventory" WHERE "productId" = ANY($1::uuid[])`,
      [productIds],
    ),
  );
  for (const row of rows) {
    const sold = STOCK_UNITS - row.available;
    const confirmed = confirmedPerProduct.get(row.productId) ?? 0;
    if (row.reserved !== 0) problems.push(`product ${row.productId} still has ${row.reserved} units reserved`);
    if (sold !== confirmed) problems.push(`product ${row.productId}: ${sold} units left stock for ${confirmed} confirmed orders`);
  }
  return problems;
}

async function withDatabase<T>(url: string, work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}
