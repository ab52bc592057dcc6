import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { GraphQLHttpClient, clientOperation, forEachLimited } from './bench-client';
import { startCpuMeasure, type BenchProcess } from './process-cpu';
import { cannotKeepUp, finalStateProblem, summarizeStages, summarizeWhole, type PlacedOrder, type StageRun, type StageSummary } from './ramp-stats';
import { SettlementWatcher } from './settlement-watcher';

const CUSTOMERS = 200;
/** Every 20th order pays with the declining test card, so compensation runs under load too. */
const DECLINE_EVERY = 20;
/** Attempts of a placeOrder answered SERVICE_UNAVAILABLE (a client retries those, with the same idempotency key). */
const BUSY_ATTEMPTS = 5;
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
  /** placeOrder calls answered SERVICE_UNAVAILABLE (too busy) and sent again with the same idempotency key. */
  busyRetries: number;
  /** What the final checks found wrong; empty when every order ended as it must. */
  problems: string[];
}

/**
 * The checkout ramp: after a few warm-up checkouts, 200 customers place orders on a fixed schedule (open
 * loop: an order is sent when it is due, whether or not earlier ones finished), stage by stage at rising
 * rates, while the orders database is watched for their final status. Stops after a stage the checkout
 * clearly cannot keep up with, drains, and checks every order's final state and the stock they moved.
 */
export async function runCheckoutRamp(options: CheckoutRampOptions): Promise<CheckoutRampResult> {
  const client = new GraphQLHttpClient(options.gatewayUrl, MAX_CONNECTIONS);
  const watcher = await SettlementWatcher.connect(options.ordersDatabaseUrl);
  try {
    options.log(`registering ${CUSTOMERS} customers`);
    const tokens = await registerCustomers(client);
    const productIds = await productsToBuy(client);
    await setStock(options.catalogDatabaseUrl, productIds, STOCK_UNITS);
    const placer = new OrderPlacer(client, watcher, tokens, productIds);

    // A few checkouts first, so that connection pools, token caches and compiled code are warm when the ramp
    // starts; they are checked at the end like every other order, but belong to no stage.
    options.log(`warming up with ${WARM_UP_ORDERS} checkouts`);
    await forEachLimited(WARM_UP_ORDERS, 2, () => placer.place(WARM_UP_STAGE, { placeErrors: 0 }));
    await watcher.drain({ idleMs: DRAIN_IDLE_MS, maxMs: DRAIN_MAX_MS });
    const idle = startCpuMeasure(options.processes);
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    const idleCpuPercent = new Map([...idle()].map(([name, ms]) => [name, ms / (IDLE_SECONDS * 10)]));

    const rampStart = Date.now();
    const rampCpu = startCpuMeasure(options.processes);
    const runs: StageRun[] = [];
    let stoppedEarly: string | undefined;
    for (const [stage, rate] of options.stages.entries()) {
      const run = await runStage(placer, stage, rate, options);
      runs.push(run);
      options.log(`stage ${rate}/s: backlog ${run.backlogMid} at mid-stage, ${run.backlogEnd} at its end`);
      if (cannotKeepUp(rate, run.backlogMid, run.backlogEnd)) {
        if (stage < options.stages.length - 1) {
          stoppedEarly = `stopped after ${rate}/s: the backlog grew from ${run.backlogMid} to ${run.backlogEnd} open orders`;
        }
        break;
      }
    }

    options.log(`draining ${await placer.backlog()} open orders`);
    const drainStart = Date.now();
    await placer.answered();
    const stillOpen = await watcher.drain({ idleMs: DRAIN_IDLE_MS, maxMs: DRAIN_MAX_MS });
    const rampEnd = Date.now();
    options.log(`drained in ${((rampEnd - drainStart) / 1000).toFixed(0)} s`);
    const whole: StageRun = {
      offeredPerSecond: 0,
      start: rampStart,
      end: rampEnd,
      placeErrors: runs.reduce((sum, run) => sum + run.placeErrors, 0),
      backlogMid: stillOpen,
      backlogEnd: stillOpen,
      cpuMs: rampCpu(),
    };
    const rampOrders = placer.orders.filter((order) => order.stage !== WARM_UP_STAGE);
    return {
      stages: summarizeStages(runs, placer.orders),
      whole: summarizeWhole(whole, rampOrders),
      idleCpuPercent,
      stoppedEarly,
      orders: placer.orders.length,
      busyRetries: placer.busyRetries,
      problems: await finalChecks(placer, stillOpen, watcher, options.catalogDatabaseUrl),
    };
  } finally {
    client.close();
    await watcher.close();
  }
}

/**
 * One stage: orders sent on schedule at `rate` per second for the stage's seconds, the CPU of every process
 * over the stage, and the backlog at mid-stage and at the end.
 */
async function runStage(placer: OrderPlacer, stage: number, rate: number, options: CheckoutRampOptions): Promise<StageRun> {
  const start = Date.now();
  const mid = start + options.stageSeconds * 500;
  const run: StageRun = { offeredPerSecond: rate, start, end: start + options.stageSeconds * 1000, placeErrors: 0, backlogMid: 0, backlogEnd: 0, cpuMs: new Map() };
  const cpu = startCpuMeasure(options.processes);
  let sent = 0;
  let midMeasured = false;
  while (Date.now() < run.end) {
    const due = Math.floor(((Date.now() - start) * rate) / 1000) + 1;
    for (; sent < due; sent += 1) void placer.place(stage, run);
    if (!midMeasured && Date.now() >= mid) {
      midMeasured = true;
      // Measured aside, so that the schedule does not wait for the database.
      void placer.backlog().then((backlog) => (run.backlogMid = backlog));
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  run.cpuMs = cpu();
  run.backlogEnd = await placer.backlog();
  return run;
}

/** Places orders without waiting for them to settle; the watcher follows each once placeOrder answers. */
class OrderPlacer {
  readonly orders: PlacedOrder[] = [];
  readonly errors: string[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly operation = clientOperation('PlaceOrder');
  private sequence = 0;

  constructor(
    private readonly client: GraphQLHttpClient,
    private readonly watcher: SettlementWatcher,
    private readonly tokens: string[],
    private readonly productIds: string[],
  ) {}

  /** Sends one placeOrder (customer, product and card in turn); resolves once it is answered, never rejects. */
  place(stage: number, run: { placeErrors: number }): Promise<void> {
    const i = this.sequence++;
    const card = i % DECLINE_EVERY === DECLINE_EVERY - 1 ? 'decline' : 'approve';
    const productId = this.productIds[i % this.productIds.length]!;
    // With an idempotency key, as a shop's client sends it: a retry after SERVICE_UNAVAILABLE places one order.
    const input = {
      items: [{ productId, quantity: 1 }],
      paymentToken: card === 'decline' ? DECLINE_CARD : APPROVE_CARD,
      idempotencyKey: randomUUID(),
    };
    const sentAt = Date.now();
    const placed = this.postRetryingWhenBusy({ input }, this.tokens[i % this.tokens.length]).then(
      (data) => {
        const order: PlacedOrder = { id: data.placeOrder.id, stage, sentAt, card, productId };
        this.orders.push(order);
        this.watcher.track(order);
      },
      (error: unknown) => {
        run.placeErrors += 1;
        this.errors.push(error instanceof Error ? error.message : String(error));
      },
    );
    this.inFlight.add(placed);
    void placed.finally(() => this.inFlight.delete(placed));
    return placed;
  }

  /** Busy answers (SERVICE_UNAVAILABLE) that were retried, as a client would. */
  busyRetries = 0;

  private async postRetryingWhenBusy(variables: Record<string, unknown>, token: string | undefined): Promise<any> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.client.post(this.operation, variables, token);
      } catch (error) {
        if (attempt >= BUSY_ATTEMPTS || !String((error as Error).message).includes('SERVICE_UNAVAILABLE')) throw error;
        this.busyRetries += 1;
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
    }
  }

  /** Open work right now: orders not yet final (read from the database now) and placeOrder calls not yet answered. */
  async backlog(): Promise<number> {
    await this.watcher.pollNow();
    return this.watcher.openCount + this.inFlight.size;
  }

  /** Resolves once every placeOrder sent so far is answered. */
  async answered(): Promise<void> {
    await Promise.all(this.inFlight);
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
async function finalChecks(placer: OrderPlacer, stillOpen: number, watcher: SettlementWatcher, catalogDatabaseUrl: string): Promise<string[]> {
  const { orders, errors: placeErrors } = placer;
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
