import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ORDERS_CONFIG, type OrdersConfig } from '../config';
import { PrismaService, type PrismaTx } from '../prisma/prisma.service';
import type { OrderStatusAnnouncement } from '@retail/common';
import { CheckoutQueuesService } from './checkout-queues.service';
import { ORDER_STATUS_OUTBOX, type OutboxRecord } from './checkout-transitions';
import { OrderStatusStreamPublisher } from './order-status-stream.publisher';
import { orderStatusChanges, outboxPublishLag } from './saga-metrics';

const BATCH_SIZE = 100;
/**
 * How long published messages wait to be marked, so that one statement marks those of many commits: at most
 * this, and at most a quarter of the sweep interval, which only takes messages older than the interval.
 */
const MARK_DELAY_MS = 100;
/** How often the worker deletes messages published longer ago than OUTBOX_RETENTION_HOURS, and how many per statement. */
const PRUNE_INTERVAL_MS = 60_000;
const PRUNE_BATCH_SIZE = 1_000;
/** Room for a sweep's Redis calls. */
const SWEEP_TRANSACTION = { maxWait: 10_000, timeout: 30_000 } as const;

/**
 * Publishes outbox messages (step jobs to BullMQ, status announcements to the order-status stream) and marks
 * them published.
 *
 * - Right after a commit, the process that committed hands the messages it wrote to `publish`: they go out
 *   with those of other commits of the same moment (status announcements first, then the jobs, in bulk) and
 *   are then marked published, with those published during the next MARK_DELAY_MS, in one statement. No other relay looks at them meanwhile, so a message goes out
 *   once, and the status changes of one order reach the stream in the order they committed (the next change
 *   of an order needs a job that is only published after the previous announcement).
 * - In the worker, a sweep on an interval publishes messages left unpublished for at least one interval (a
 *   crash between commit and publish, Redis away): it claims them with `FOR UPDATE SKIP LOCKED`, so any number
 *   of workers sweep at once without publishing a message twice.
 * A message published twice anyway (a crash between publishing and marking) is harmless: BullMQ ignores a job
 * id it already has, and readers of the stream tolerate a repeated announcement.
 * - The worker also deletes messages published more than OUTBOX_RETENTION_HOURS ago: each order leaves about
 *   seven, which would otherwise stay forever. A step re-enqueued after that writes its message anew.
 */
@Injectable()
export class OutboxRelay implements OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private pruneTimer?: NodeJS.Timeout;
  private pruning?: Promise<number>;
  private sweeping?: Promise<number>;
  private resweep = false;
  private stopped = false;
  /** Messages committed and handed over, waiting for the next flush. */
  private pending: OutboxRecord[] = [];
  private flushScheduled = false;
  private readonly flushes = new Set<Promise<void>>();
  /** Ids of published messages not yet marked, when they will be, and the statement marking others meanwhile. */
  private toMark: string[] = [];
  private markTimer?: NodeJS.Timeout;
  private marking?: Promise<void>;
  private readonly markDelayMs: number;

  constructor(
    private readonly prisma: PrismaService,
    private readonly queues: CheckoutQueuesService,
    private readonly statusStream: OrderStatusStreamPublisher,
    @Inject(ORDERS_CONFIG) private readonly config: OrdersConfig,
  ) {
    this.markDelayMs = Math.min(MARK_DELAY_MS, config.saga.outboxIntervalMs / 4);
  }

  /** Starts the recovery sweep and the pruning of old messages (the saga worker does), both with a first run right away. */
  startInterval(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.nudge(), this.config.saga.outboxIntervalMs);
    this.timer.unref();
    this.nudge();
    const prune = () =>
      void this.prunePublished().catch((error: unknown) =>
        this.logger.warn(`Outbox pruning failed, the next run retries: ${(error as Error).message}`),
      );
    this.pruneTimer = setInterval(prune, PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
    prune();
  }

  /**
   * Deletes the messages published more than OUTBOX_RETENTION_HOURS ago, a batch per statement; never an
   * unpublished one. Rows another worker is deleting are skipped. Returns how many were deleted.
   */
  prunePublished(): Promise<number> {
    this.pruning ??= this.prune().finally(() => {
      this.pruning = undefined;
    });
    return this.pruning;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.pruneTimer);
    if (this.pending.length > 0) this.flush();
    await Promise.all([...this.flushes]);
    while (this.marking || this.toMark.length > 0) await this.markNow();
    await this.sweeping?.catch(() => undefined);
    await this.pruning?.catch(() => undefined);
  }

  /**
   * Call after committing a transaction, with the outbox messages it wrote: they are published at once (with
   * those of other commits of the same moment). Never throws; what fails is left to the sweep.
   */
  publish(messages: readonly OutboxRecord[]): void {
    if (messages.length === 0) return;
    this.pending.push(...messages);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Runs the sweep for messages nobody published (e.g. after the reconciler re-enqueued a step). Never throws. */
  nudge(): void {
    this.publishPending().catch((error: unknown) =>
      this.logger.warn(`Outbox publish failed, the next run retries: ${(error as Error).message}`),
    );
  }

  /**
   * Publishes every message left unpublished for at least one sweep interval, oldest first. Returns how many
   * this run published.
   */
  publishPending(): Promise<number> {
    if (this.sweeping) {
      this.resweep = true;
      return this.sweeping;
    }
    this.sweeping = this.sweep().finally(() => {
      this.sweeping = undefined;
      if (this.resweep && !this.stopped) {
        this.resweep = false;
        this.nudge();
      }
    });
    return this.sweeping;
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const flush = this.publishAndMark(batch)
      .catch((error: unknown) =>
        this.logger.warn(`Outbox publish failed, the sweep publishes the messages later: ${(error as Error).message}`),
      )
      .finally(() => this.flushes.delete(flush));
    this.flushes.add(flush);
  }

  private async publishAndMark(batch: OutboxRecord[]): Promise<void> {
    await this.send(batch);
    for (const message of batch) this.toMark.push(String(message.id));
    this.markSoon();
  }

  /** Marks what is published in MARK_DELAY_MS, unless a statement or a timer is already on its way. */
  private markSoon(): void {
    if (this.markTimer || this.marking || this.stopped) return;
    this.markTimer = setTimeout(() => void this.markNow(), this.markDelayMs);
  }

  /** Marks every published message now, one statement at a time. */
  private markNow(): Promise<void> {
    clearTimeout(this.markTimer);
    this.markTimer = undefined;
    this.marking ??= this.markPublished().finally(() => {
      this.marking = undefined;
      // Ids handed over after the statement had started wait for the next one.
      if (this.toMark.length > 0) this.markSoon();
    });
    return this.marking;
  }

  /** Marks the published messages handed over so far, in one statement. */
  private async markPublished(): Promise<void> {
    const ids = this.toMark;
    this.toMark = [];
    if (ids.length === 0) return;
    try {
      await this.prisma.$executeRaw`
        UPDATE "OutboxMessage" SET "publishedAt" = (now() AT TIME ZONE 'UTC')
        WHERE id = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::bigint))
          AND "publishedAt" IS NULL`;
    } catch (error) {
      // Published but not marked: the sweep publishes them again, which is harmless.
      this.logger.warn(`Could not mark ${ids.length} outbox messages published: ${(error as Error).message}`);
    }
  }

  private async sweep(): Promise<number> {
    let published = 0;
    while (!this.stopped) {
      const count = await this.prisma.$transaction((tx) => this.sweepBatch(tx), SWEEP_TRANSACTION);
      published += count;
      if (count < BATCH_SIZE) break;
    }
    return published;
  }

  /** Claims, publishes and marks a batch of stale messages; rows another sweep holds are skipped. */
  private async sweepBatch(tx: PrismaTx): Promise<number> {
    // LOCALTIMESTAMP: the clock "createdAt" got its default from.
    const batch = await tx.$queryRaw<OutboxRecord[]>`
      SELECT id, queue, "jobName", "jobId", payload, "createdAt" FROM "OutboxMessage"
      WHERE "publishedAt" IS NULL
        AND "createdAt" < LOCALTIMESTAMP - make_interval(secs => ${this.config.saga.outboxIntervalMs / 1000})
      ORDER BY id LIMIT ${BATCH_SIZE} FOR UPDATE SKIP LOCKED`;
    if (batch.length === 0) return 0;
    await this.send(batch);
    await tx.$executeRaw`
      UPDATE "OutboxMessage" SET "publishedAt" = (now() AT TIME ZONE 'UTC')
      WHERE id = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(batch.map((m) => String(m.id)))}::jsonb)::bigint))`;
    return batch.length;
  }

  private async prune(): Promise<number> {
    let deleted = 0;
    while (!this.stopped) {
      const count = await this.prisma.$executeRaw`
        DELETE FROM "OutboxMessage" WHERE id IN (
          SELECT id FROM "OutboxMessage"
          WHERE "publishedAt" < (now() AT TIME ZONE 'UTC') - make_interval(hours => ${this.config.saga.outboxRetentionHours})
          ORDER BY "publishedAt" LIMIT ${PRUNE_BATCH_SIZE} FOR UPDATE SKIP LOCKED)`;
      deleted += count;
      if (count < PRUNE_BATCH_SIZE) break;
    }
    if (deleted > 0) {
      this.logger.log(`Deleted ${deleted} outbox messages published more than ${this.config.saga.outboxRetentionHours} h ago`);
    }
    return deleted;
  }

  /** Status announcements first (in commit order), then the jobs, in bulk. */
  private async send(batch: OutboxRecord[]): Promise<void> {
    const sorted = [...batch].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    const announcements = sorted.filter((message) => message.queue === ORDER_STATUS_OUTBOX);
    const jobs = sorted.filter((message) => message.queue !== ORDER_STATUS_OUTBOX);
    if (announcements.length > 0) {
      const payloads = announcements.map((message) => message.payload as OrderStatusAnnouncement);
      await this.statusStream.publishMany(payloads);
      for (const announcement of payloads) orderStatusChanges.inc({ status: announcement.status });
    }
    if (jobs.length > 0) await this.queues.publishMany(jobs);
    const now = Date.now();
    for (const message of sorted) outboxPublishLag.observe(Math.max(0, (now - new Date(message.createdAt).getTime()) / 1000));
  }
}
