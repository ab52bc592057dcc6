import { Logger, type LoggerService } from '@nestjs/common';
import Redis from 'ioredis';
import { parseOrderStatusEntry, type OrderStatusAnnouncement } from '@retail/common';

/** What a watcher of one order hears: an announced status change, or "look again" after Redis came back. */
export type OrderStatusSignal = { kind: 'status'; announcement: OrderStatusAnnouncement } | { kind: 'resync' };

export interface OrderStatusFeedOptions {
  redisUrl: string;
  /** The order-status stream's key (`orderStatusStreamKey(QUEUE_PREFIX)`). */
  streamKey: string;
  /** How long one XREAD blocks; only bounds how quickly `stop` is noticed by Redis, not event latency. */
  blockMs?: number;
  logger?: LoggerService;
}

const READ_BATCH = 200;
const RETRY_PAUSE_MS = 1_000;

/**
 * The gateway's one reader of the order-status stream: a dedicated Redis connection blocked in XREAD, fanning
 * each announcement out to the watchers of that order. Every gateway instance runs its own reader and hears
 * every announcement. When the connection drops (Redis restarted, network cut), announcements made meanwhile
 * may never reach the stream; so after every reconnect each watcher is told to `resync` (re-run its query),
 * and reading resumes after the last entry seen.
 */
export class OrderStatusFeed {
  private readonly redis: Redis;
  private readonly watchers = new Map<string, Set<(signal: OrderStatusSignal) => void>>();
  private readonly logger: LoggerService;
  private readonly blockMs: number;
  /** The last entry read; unknown until the reader has asked Redis where the stream ends. */
  private lastId?: string;
  private loop?: Promise<void>;
  private markPositioned!: () => void;
  /** Resolves once the reader knows where the stream ends: announcements from then on reach the watchers. */
  readonly positioned = new Promise<void>((resolve) => (this.markPositioned = resolve));
  private stopped = false;
  private markStopped!: () => void;
  private readonly stoppedSignal = new Promise<void>((resolve) => (this.markStopped = resolve));
  private connectedOnce = false;

  constructor(private readonly options: OrderStatusFeedOptions) {
    this.logger = options.logger ?? new Logger('OrderStatusFeed');
    this.blockMs = options.blockMs ?? 5_000;
    this.redis = new Redis(options.redisUrl, {
      lazyConnect: true,
      // A blocked XREAD cut by a dropped connection is sent again once reconnected, from the same last id
      // (ids grow with time, so even a restarted, emptied Redis gives the entries written after it). Without this,
      // ioredis would drop the command without settling it.
      maxRetriesPerRequest: null,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    this.redis.on('error', (error: Error) => this.logger.warn(`Redis (order-status stream): ${error.message}`));
    this.redis.on('ready', () => this.onReady());
  }

  /** Starts reading in the background; while Redis is unreachable it keeps retrying (and logging). */
  start(): void {
    if (this.loop) return;
    // ioredis keeps reconnecting by itself; commands wait in its offline queue meanwhile.
    this.redis.connect().catch(() => undefined);
    this.loop = this.readLoop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.markStopped();
    this.redis.disconnect();
    this.markPositioned();
    await this.loop;
  }

  /** Calls `listener` for each signal about `orderId` until the returned function is called. */
  watch(orderId: string, listener: (signal: OrderStatusSignal) => void): () => void {
    let listeners = this.watchers.get(orderId);
    if (!listeners) this.watchers.set(orderId, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.watchers.get(orderId) === listeners) this.watchers.delete(orderId);
    };
  }

  /** How many orders are watched (for tests and diagnostics). */
  get watchedOrders(): number {
    return this.watchers.size;
  }

  private onReady(): void {
    if (!this.connectedOnce) {
      this.connectedOnce = true;
      return;
    }
    this.logger.log('Reconnected to Redis: every live order subscription looks again');
    for (const listeners of this.watchers.values()) for (const listener of listeners) listener({ kind: 'resync' });
  }

  private async readLoop(): Promise<void> {
    while (!this.stopped) {
      try {
        if (this.lastId === undefined) {
          this.lastId = await this.latestEntryId();
          this.markPositioned();
        }
        const reply = await this.redis.xread('COUNT', READ_BATCH, 'BLOCK', this.blockMs, 'STREAMS', this.options.streamKey, this.lastId!);
        for (const [, entries] of reply ?? []) {
          for (const [id, fields] of entries) {
            this.lastId = id;
            this.dispatch(fields);
          }
        }
      } catch (error) {
        if (this.stopped) return;
        // Dropped connections are handled by ioredis (the read is sent again); this is anything else (e.g. the key
        // holds another type): say so, and retry at a calm pace once connected.
        this.logger.warn(`Reading the order-status stream failed, retrying: ${(error as Error).message}`);
        await this.readyAgain();
        await Promise.race([new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS).unref()), this.stoppedSignal]);
      }
    }
  }

  private dispatch(fields: string[]): void {
    const announcement = parseOrderStatusEntry(fields);
    if (!announcement) return;
    for (const listener of this.watchers.get(announcement.orderId) ?? []) listener({ kind: 'status', announcement });
  }

  /** The id of the stream's newest entry, or `0-0` for an empty or missing stream (so its first entry is read). */
  private async latestEntryId(): Promise<string> {
    const newest = await this.redis.xrevrange(this.options.streamKey, '+', '-', 'COUNT', 1);
    return newest[0]?.[0] ?? '0-0';
  }

  private async readyAgain(): Promise<void> {
    if (this.redis.status === 'ready' || this.stopped) return;
    let done!: () => void;
    const ready = new Promise<void>((resolve) => (done = resolve));
    this.redis.on('ready', done);
    try {
      await Promise.race([ready, this.stoppedSignal]);
    } finally {
      this.redis.off('ready', done);
    }
  }
}
