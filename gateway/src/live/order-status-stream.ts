import type { FormattedExecutionResult, GraphQLFormattedError } from 'graphql';
import type { OrderStatusFeed } from './order-status-feed';
import { STATUS_PROBE_ALIAS, TERMINAL_ORDER_STATUSES, type OrderStatusPlan } from './order-status-operation';

export type RunOrderQuery = () => Promise<FormattedExecutionResult>;

/**
 * One client's live order status: the derived `order(id)` query run now (the current state) and again on every
 * signal about the order, each distinct answer delivered in order, completing after a terminal status.
 * Signals that arrive while the query runs are coalesced into one more run, so nothing is missed and the
 * stream never runs the same order's query twice at once. An answer without the order (access lost, token
 * expired) is delivered as the last event.
 */
export class OrderStatusStream implements AsyncIterableIterator<FormattedExecutionResult> {
  private readonly queue: FormattedExecutionResult[] = [];
  private waiting?: (result: IteratorResult<FormattedExecutionResult>) => void;
  private readonly unwatch: () => void;
  private done = false;
  private running = false;
  private runAgain = false;
  private lastAnswer?: string;
  private readonly closeListeners: (() => void)[] = [];
  private recheck?: NodeJS.Timeout;

  constructor(
    feed: OrderStatusFeed,
    orderId: string,
    private readonly plan: OrderStatusPlan,
    private readonly runQuery: RunOrderQuery,
    private readonly onFailure: (error: unknown) => void,
  ) {
    // Watch before the first run, so a change made while it runs is not missed.
    this.unwatch = feed.watch(orderId, () => this.refresh());
  }

  /**
   * Runs the query for the first event. Without the order in the answer (not found, forbidden, not signed in)
   * the stream ends before it began and the errors are returned: the client gets them and no event.
   */
  async open(): Promise<GraphQLFormattedError[] | undefined> {
    this.running = true;
    try {
      const result = await this.runQuery();
      if (!this.orderIn(result)) {
        this.finish();
        return result.errors?.length ? [...result.errors] : [{ message: 'Order not found', extensions: { code: 'NOT_FOUND' } }];
      }
      this.accept(result);
    } catch (error) {
      this.finish();
      throw error;
    } finally {
      this.running = false;
    }
    if (this.runAgain) this.refresh();
    return undefined;
  }

  next(): Promise<IteratorResult<FormattedExecutionResult>> {
    const value = this.queue.shift();
    if (value) return Promise.resolve({ value, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** The client went away or unsubscribed. */
  return(): Promise<IteratorResult<FormattedExecutionResult>> {
    this.queue.length = 0;
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  get closed(): boolean {
    return this.done;
  }

  /**
   * Runs the query again at `epochMs` (when the subscriber's token lapses), so a session that ends also ends the
   * stream, with the pipeline's UNAUTHENTICATED, even if the order never changes again.
   */
  recheckAt(epochMs: number): void {
    if (this.done) return;
    clearTimeout(this.recheck);
    // setTimeout holds at most 2^31-1 ms (about 24 days); tokens live minutes.
    const delay = Math.min(Math.max(0, epochMs - Date.now()), 2 ** 31 - 1);
    this.recheck = setTimeout(() => this.refresh(), delay);
    this.recheck.unref();
  }

  /** Calls `listener` once the stream has ended, for whatever reason. */
  onClose(listener: () => void): void {
    if (this.done) listener();
    else this.closeListeners.push(listener);
  }

  private refresh(): void {
    if (this.done) return;
    if (this.running) {
      this.runAgain = true;
      return;
    }
    this.running = true;
    void this.runUntilSettled();
  }

  private async runUntilSettled(): Promise<void> {
    try {
      do {
        this.runAgain = false;
        const result = await this.runQuery();
        if (this.done) return;
        if (!this.orderIn(result)) {
          this.push(result);
          this.finish();
          return;
        }
        this.accept(result);
      } while (this.runAgain && !this.done);
    } catch (error) {
      this.onFailure(error);
      this.push({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      this.finish();
    } finally {
      this.running = false;
    }
  }

  /** Delivers `result` unless it says exactly what the last event said; completes after a terminal status. */
  private accept(result: FormattedExecutionResult): void {
    const answer = JSON.stringify(result);
    const order = this.orderIn(result)!;
    const status = order[STATUS_PROBE_ALIAS];
    if (answer !== this.lastAnswer) {
      this.lastAnswer = answer;
      const { [STATUS_PROBE_ALIAS]: _probe, ...selected } = order;
      this.push({ ...result, data: { ...result.data, [this.plan.responseKey]: selected } });
    }
    if (typeof status === 'string' && TERMINAL_ORDER_STATUSES.has(status)) this.finish();
  }

  private orderIn(result: FormattedExecutionResult): Record<string, unknown> | undefined {
    const order = result.data?.[this.plan.responseKey];
    return order && typeof order === 'object' ? (order as Record<string, unknown>) : undefined;
  }

  private push(value: FormattedExecutionResult): void {
    if (this.done) return;
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting({ value, done: false });
    else this.queue.push(value);
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.unwatch();
    clearTimeout(this.recheck);
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.({ value: undefined, done: true });
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
