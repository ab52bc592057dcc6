import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ORDERS_CONFIG, type OrdersConfig } from '../config';
import type { CheckoutSaga } from '../generated/prisma/client';
import { OrderEventType } from '../orders/order-events';
import { PrismaService, type PrismaTx } from '../prisma/prisma.service';
import { SAGA_DONE } from './checkout-steps';
import { beginCompensation, lockSaga, reenqueueStalledStep } from './checkout-transitions';
import { OutboxRelay } from './outbox-relay';

/** Sagas handled per look; the rest wait for the next interval. */
const BATCH_SIZE = 100;

/**
 * Recovery from the orders database alone (Redis is only a delivery mechanism). On an interval, in every
 * worker:
 * - an unfinished, unparked saga whose row was not touched for SAGA_STALLED_AFTER_MS gets its current step's
 *   job published again with its deterministic id (the job may have been lost with Redis's data);
 * - a PENDING order whose current step made no progress for SAGA_EXPIRE_AFTER_MS (parked or not) is
 *   compensated and ends CANCELLED, saying it expired.
 * Each saga is handled in a transaction of its own under its row lock, taken with SKIP LOCKED and the
 * condition checked again under it, so any number of workers can run this at once without doing anything twice.
 */
@Injectable()
export class CheckoutReconciler implements OnModuleDestroy {
  private readonly logger = new Logger(CheckoutReconciler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly relay: OutboxRelay,
    @Inject(ORDERS_CONFIG) private readonly config: OrdersConfig,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.config.saga.reconcileIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass: expire, then re-enqueue. Returns how many sagas each touched. */
  async reconcile(now = new Date()): Promise<{ expired: number; reenqueued: number }> {
    const expired = await this.expireOrders(now);
    const reenqueued = await this.reenqueueStalled(now);
    return { expired, reenqueued };
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.reconcile()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn(`Reconciliation failed, the next run retries: ${(error as Error).message}`))
      .finally(() => (this.running = undefined));
  }

  private async reenqueueStalled(now: Date): Promise<number> {
    const idleSince = new Date(now.getTime() - this.config.saga.stalledAfterMs);
    const candidates = await this.prisma.checkoutSaga.findMany({
      where: { step: { not: SAGA_DONE }, parkedAt: null, updatedAt: { lt: idleSince } },
      orderBy: { updatedAt: 'asc' },
      take: BATCH_SIZE,
      select: { orderId: true },
    });
    let count = 0;
    for (const { orderId } of candidates) {
      const step = await this.underLock(orderId, async (tx, saga) => {
        if (saga.step === SAGA_DONE || saga.parkedAt || saga.updatedAt >= idleSince) return null;
        return { step: saga.step, outbox: await reenqueueStalledStep(tx, saga, now) };
      });
      if (step) {
        count += 1;
        this.relay.publish(step.outbox);
        this.logger.log(`${step.step} of order ${orderId}: no progress, job enqueued again`);
      }
    }
    return count;
  }

  private async expireOrders(now: Date): Promise<number> {
    const { expireAfterMs } = this.config.saga;
    const stuckSince = new Date(now.getTime() - expireAfterMs);
    const candidates = await this.prisma.checkoutSaga.findMany({
      where: { compensating: false, step: { not: SAGA_DONE }, stepStartedAt: { lt: stuckSince }, order: { status: 'PENDING' } },
      orderBy: { stepStartedAt: 'asc' },
      take: BATCH_SIZE,
      select: { orderId: true },
    });
    let count = 0;
    for (const { orderId } of candidates) {
      const reason = await this.underLock(orderId, async (tx, saga) => {
        if (saga.compensating || saga.step === SAGA_DONE || saga.stepStartedAt >= stuckSince) return null;
        const order = await tx.order.findUniqueOrThrow({ where: { id: orderId } });
        if (order.status !== 'PENDING') return null;
        const why = `Checkout expired: ${saga.step} made no progress for ${formatDuration(expireAfterMs)}`;
        const outbox = await beginCompensation(tx, saga, order, why, saga.completedSteps, [
          { type: OrderEventType.CHECKOUT_EXPIRED, data: { step: saga.step, lastError: saga.lastError } },
        ]);
        return { why, outbox };
      });
      if (reason) {
        count += 1;
        this.relay.publish(reason.outbox);
        this.logger.warn(`Order ${orderId}: ${reason.why}; compensating`);
      }
    }
    return count;
  }

  /** Runs `apply` in a transaction holding the saga's row lock; skips a saga another transaction holds. */
  private async underLock<T>(
    orderId: string,
    apply: (tx: PrismaTx, saga: CheckoutSaga) => Promise<T>,
  ): Promise<T | null> {
    return this.prisma.$transaction(async (tx) => {
      const saga = await lockSaga(tx, orderId, { skipLocked: true });
      return saga ? apply(tx, saga) : null;
    });
  }
}

/** "15 minutes", "90 seconds": for failure reasons customers may read. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds % 3600 === 0 && seconds >= 3600) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  if (seconds % 60 === 0 && seconds >= 60) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}
