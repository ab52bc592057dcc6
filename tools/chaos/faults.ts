import * as mariadb from 'mariadb';
import { Client } from 'pg';
import { CHAOS_DATABASES } from './chaos-profile';
import type { ChaosSystem } from './chaos-system';
import type { SeededRandom } from './random';

/** Every kind of fault the suite injects; each run injects every kind at least once. */
export const FAULT_KINDS = [
  'kill-orders-worker',
  'kill-payments',
  'kill-payment-gateway',
  'restart-redis-empty',
  'drop-orders-db-connections',
  'drop-catalog-db-connections',
  'drop-payments-db-connections',
  'duplicate-step-jobs',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** One fault as it happened, for the report. */
export interface InjectedFault {
  kind: FaultKind;
  /** ms since the load began. */
  at: number;
  detail: string;
  /** When its effect was over (the killed process serving again); the 60 s settle clock starts at the last one. */
  endedAt: Date;
}

export interface FaultTargets {
  system: ChaosSystem;
  workers: string[];
  random: SeededRandom;
}

/** When each fault fires (ms into the load window) and what it is: every kind once, then extra ones at random. */
export function faultSchedule(random: SeededRandom, windowMs: number, extra: number): { at: number; kind: FaultKind }[] {
  const kinds = [...random.shuffle(FAULT_KINDS), ...Array.from({ length: extra }, () => random.pick(FAULT_KINDS))];
  // Inside the window, leaving its first and last tenth quiet so orders are in flight when faults land.
  return kinds
    .map((kind) => ({ kind, at: Math.round(windowMs * (0.1 + 0.8 * random.next())) }))
    .sort((a, b) => a.at - b.at);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Injects faults. Faults on the same target are serialised (a process is not killed while it is still coming
 * back from the last kill); faults on different targets overlap freely.
 */
export class FaultInjector {
  readonly injected: InjectedFault[] = [];
  private readonly busy = new Map<string, Promise<unknown>>();
  private duplicates = 0;

  constructor(
    private readonly targets: FaultTargets,
    private readonly loadStartedAt: number,
  ) {}

  inject(kind: FaultKind): Promise<void> {
    const target = this.targetOf(kind);
    const previous = this.busy.get(target) ?? Promise.resolve();
    const next = previous.then(async () => {
      const at = Date.now() - this.loadStartedAt;
      // A fault that could not be injected (the machine too busy to open an admin connection) is reported,
      // not fatal: the run goes on with the others.
      const detail = await this.perform(kind, target).catch((error: unknown) => `could not inject: ${(error as Error).message}`);
      this.injected.push({ kind, at, detail, endedAt: new Date() });
    });
    this.busy.set(target, next);
    return next;
  }

  /** Waits for every fault still playing out (processes coming back). */
  async settled(): Promise<void> {
    await Promise.all(this.busy.values());
  }

  lastFaultEndedAt(): Date | undefined {
    return this.injected.map((fault) => fault.endedAt).sort((a, b) => a.getTime() - b.getTime()).pop();
  }

  private targetOf(kind: FaultKind): string {
    switch (kind) {
      case 'kill-orders-worker':
        return this.targets.random.pick(this.targets.workers);
      case 'kill-payments':
        return 'payments';
      case 'kill-payment-gateway':
        return 'payment-gateway';
      case 'restart-redis-empty':
        return 'redis';
      default:
        return kind;
    }
  }

  private async perform(kind: FaultKind, target: string): Promise<string> {
    const { system, random } = this.targets;
    switch (kind) {
      case 'kill-orders-worker':
      case 'kill-payments':
      case 'kill-payment-gateway':
      case 'restart-redis-empty': {
        // Redis is started again with persistence off: everything it held (every queued job) is gone.
        const downMs = random.int(300, 2_500);
        await system.kill(target);
        await sleep(downMs);
        await system.start(target);
        return `SIGKILL ${target}, down ${downMs} ms`;
      }
      case 'drop-orders-db-connections':
        return `${await untilSomeDropped(() => terminatePostgresConnections(CHAOS_DATABASES.orders))} connections terminated`;
      case 'drop-catalog-db-connections':
        return `${await untilSomeDropped(() => terminatePostgresConnections(CHAOS_DATABASES.catalog))} connections terminated`;
      case 'drop-payments-db-connections':
        return `${await untilSomeDropped(() => killMariaDbConnections(CHAOS_DATABASES.payments))} connections killed`;
      case 'duplicate-step-jobs':
        this.duplicates += 1;
        return `${await duplicateStepJobs(this.duplicates)} step jobs delivered twice`;
    }
  }
}

/**
 * Drops connections, trying again for a few seconds while there are none: a service that was just restarted
 * opens its pool on its first query, and a fault that drops nothing tests nothing.
 */
async function untilSomeDropped(drop: () => Promise<number>): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    const dropped = await drop();
    if (dropped > 0 || attempt >= 20) return dropped;
    await sleep(500);
  }
}

/** `pg_terminate_backend` on every connection to one database (the chaos system's own), but this one. */
export async function terminatePostgresConnections(databaseUrl: string): Promise<number> {
  const database = new URL(databaseUrl).pathname.slice(1);
  const admin = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ terminated: boolean }>(
      'SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    return rows.filter((row) => row.terminated).length;
  } finally {
    await admin.end();
  }
}

/** `KILL` of every connection to one MariaDB database (the chaos system's own), but this one. */
export async function killMariaDbConnections(databaseUrl: string): Promise<number> {
  const url = new URL(databaseUrl);
  const database = url.pathname.slice(1);
  const admin = await mariadb.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    connectTimeout: 10_000,
  });
  try {
    const rows: { id: number | bigint }[] = await admin.query(
      'SELECT id FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID()',
      [database],
    );
    let killed = 0;
    for (const { id } of rows) {
      killed += await admin.query(`KILL ${Number(id)}`).then(
        () => 1,
        () => 0, // closed by itself meanwhile
      );
    }
    return killed;
  } finally {
    await admin.end();
  }
}

/**
 * Delivers step jobs a second time, under new job ids so BullMQ cannot drop them: copies of the latest
 * outbox messages of unfinished sagas, which the relay then publishes like any other. The steps must see
 * that their work is done (or not theirs to do) and change nothing.
 */
export async function duplicateStepJobs(round: number): Promise<number> {
  const orders = new Client({ connectionString: CHAOS_DATABASES.orders });
  await orders.connect();
  try {
    const { rowCount } = await orders.query(
      `INSERT INTO "OutboxMessage" (queue, "jobName", "jobId", payload)
       SELECT m.queue, m."jobName", m."jobId" || '.chaos-duplicate-' || $1::text, m.payload
         FROM "OutboxMessage" m
         JOIN "CheckoutSaga" s ON s."orderId"::text = m.payload->>'orderId'
        WHERE s.step <> 'DONE' AND m.queue LIKE 'checkout.%' AND m."jobId" NOT LIKE '%.chaos-duplicate-%'
        ORDER BY m.id DESC
        LIMIT 8`,
      [round],
    );
    return rowCount ?? 0;
  } finally {
    await orders.end();
  }
}
