import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ORDERS_CONFIG, type OrdersConfig } from '../config';
import { PrismaService } from '../prisma/prisma.service';
import type { OrderStatusAnnouncement } from '@retail/common';
import type { OutboxMessage } from '../generated/prisma/client';
import { CheckoutQueuesService } from './checkout-queues.service';
import { ORDER_STATUS_OUTBOX } from './checkout-transitions';
import { OrderStatusStreamPublisher } from './order-status-stream.publisher';

const BATCH_SIZE = 100;

/**
 * Publishes outbox messages (step jobs to BullMQ, status announcements to the order-status stream) and marks
 * them published. Nudged right after each commit that wrote a
 * message (in the subgraph and the worker alike), and, in the worker, run on an interval to pick up messages
 * whose nudge was lost (a crash between commit and publish). A message published twice is harmless: BullMQ
 * ignores a job id it already has.
 */
@Injectable()
export class OutboxRelay implements OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private rerun = false;
  private stopped = false;

  constructor(
    private readonly prisma: PrismaService,
    private readonly queues: CheckoutQueuesService,
    private readonly statusStream: OrderStatusStreamPublisher,
    @Inject(ORDERS_CONFIG) private readonly config: OrdersConfig,
  ) {}

  /** Starts the recovery interval (the saga worker does), with a first run right away. */
  startInterval(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.nudge(), this.config.saga.outboxIntervalMs);
    this.timer.unref();
    this.nudge();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Call after committing a transaction that wrote outbox messages. Never throws. */
  nudge(): void {
    this.publishPending().catch((error: unknown) =>
      this.logger.warn(`Outbox publish failed, the next run retries: ${(error as Error).message}`),
    );
  }

  /** Publishes every unpublished message, oldest first. Returns how many were published by this run. */
  publishPending(): Promise<number> {
    if (this.running) {
      // A run is in progress: it may have read the outbox before the new message committed.
      this.rerun = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.rerun && !this.stopped) {
        this.rerun = false;
        this.nudge();
      }
    });
    return this.running;
  }

  private async drain(): Promise<number> {
    let published = 0;
    while (!this.stopped) {
      const batch = await this.prisma.outboxMessage.findMany({
        where: { publishedAt: null },
        orderBy: { id: 'asc' },
        take: BATCH_SIZE,
      });
      if (batch.length === 0) break;
      for (const message of batch) {
        await this.publish(message);
        await this.prisma.outboxMessage.update({ where: { id: message.id }, data: { publishedAt: new Date() } });
        published += 1;
      }
      if (batch.length < BATCH_SIZE) break;
    }
    return published;
  }

  private async publish(message: OutboxMessage): Promise<void> {
    if (message.queue === ORDER_STATUS_OUTBOX) {
      await this.statusStream.publish(message.payload as unknown as OrderStatusAnnouncement);
      return;
    }
    await this.queues.publish(message);
  }
}
