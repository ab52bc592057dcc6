import { Client } from 'pg';
import type { PlacedOrder } from './ramp-stats';

const POLL_MS = 200;

/**
 * Learns when the bench's orders settle by reading the orders database itself, one query every 200 ms for
 * the orders still open, so that watching adds no requests to the services under load. An order's final
 * status time is its `updatedAt`, written with the CONFIRMED or CANCELLED status (same machine clock as the
 * client's send times).
 */
export class SettlementWatcher {
  private readonly open = new Map<string, PlacedOrder>();
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;

  private constructor(private readonly db: Client) {}

  static async connect(ordersDatabaseUrl: string): Promise<SettlementWatcher> {
    const db = new Client({ connectionString: ordersDatabaseUrl });
    await db.connect();
    const watcher = new SettlementWatcher(db);
    watcher.schedule();
    return watcher;
  }

  /** Watches a placed order until it settles; its `status`, `settledAt` and `failureReason` are filled in then. */
  track(order: PlacedOrder): void {
    this.open.set(order.id, order);
  }

  get openCount(): number {
    return this.open.size;
  }

  /** Reads the database now (waiting for a poll already under way first). */
  async pollNow(): Promise<void> {
    await this.polling;
    this.polling = this.poll();
    await this.polling;
  }

  /**
   * Polls until nothing is open, or no order settled for `idleMs`, or `maxMs` passed: a slow but moving
   * backlog is waited for, a stuck one is not. Resolves with how many are still open.
   */
  async drain({ idleMs, maxMs }: { idleMs: number; maxMs: number }): Promise<number> {
    const deadline = Date.now() + maxMs;
    let lastProgress = Date.now();
    let open = this.open.size;
    while (this.open.size > 0 && Date.now() < deadline && Date.now() - lastProgress < idleMs) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (this.open.size < open) lastProgress = Date.now();
      open = this.open.size;
    }
    await this.pollNow();
    return this.open.size;
  }

  /** Database-wide facts for the final checks: every order, not only those the bench heard back about. */
  async totals(): Promise<{ orders: number; unfinished: number; parkedSagas: number }> {
    const { rows } = await this.db.query<{ orders: number; unfinished: number; parked: number }>(
      `SELECT (SELECT count(*) FROM "Order")::int AS orders,
              (SELECT count(*) FROM "Order" WHERE status NOT IN ('CONFIRMED', 'CANCELLED'))::int AS unfinished,
              (SELECT count(*) FROM "CheckoutSaga" WHERE "parkedAt" IS NOT NULL)::int AS parked`,
    );
    return { orders: rows[0]!.orders, unfinished: rows[0]!.unfinished, parkedSagas: rows[0]!.parked };
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.polling;
    await this.db.end();
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.polling = this.poll().finally(() => {
        if (this.timer) this.schedule();
      });
    }, POLL_MS);
  }

  private async poll(): Promise<void> {
    if (this.open.size === 0) return;
    // updatedAt is a timestamp(3) in UTC; epoch milliseconds avoid any time zone conversion on the way.
    const { rows } = await this.db.query<{ id: string; status: 'CONFIRMED' | 'CANCELLED'; failureReason: string | null; at: number }>(
      `SELECT id, status, "failureReason", (extract(epoch FROM "updatedAt") * 1000)::float8 AS at
         FROM "Order" WHERE id = ANY($1::uuid[]) AND status IN ('CONFIRMED', 'CANCELLED')`,
      [[...this.open.keys()]],
    );
    for (const row of rows) {
      const order = this.open.get(row.id);
      if (!order) continue;
      order.status = row.status;
      order.settledAt = row.at;
      order.failureReason = row.failureReason;
      this.open.delete(row.id);
    }
  }
}
