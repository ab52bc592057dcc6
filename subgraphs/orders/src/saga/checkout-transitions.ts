import { randomUUID } from 'node:crypto';
import type { OrderStatusAnnouncement } from '@retail/common';
import type { CheckoutSaga, Order, OrderStatus } from '../generated/prisma/client';
import type { PrismaTx } from '../prisma/prisma.service';
import { appendOrderEvents } from '../orders/order-history';
import { OrderEventType, type NewOrderEvent } from '../orders/order-events';
import { transitionOrderStatus } from '../orders/order-status';
import { CHECKOUT_QUEUES, checkoutJobId, checkoutJobName } from './checkout-queues';
import { compensationPlan, type CheckoutStep } from './checkout-steps';

/**
 * The saga's state transitions. Each runs inside one transaction that already holds the saga row lock and
 * writes together: the saga row, the order's status, the order's events and the outbox message of the next
 * job. Nothing else writes saga state.
 */

export const CANCELLED_BY_CUSTOMER = 'Cancelled by customer';

/**
 * Locks the saga row of an order (`SELECT ... FOR UPDATE`) for the rest of the transaction, so cancelOrder and
 * the saga's own transitions never interleave. Returns the locked row, or null if the order has no saga.
 */
export async function lockSaga(tx: PrismaTx, orderId: string): Promise<CheckoutSaga | null> {
  const locked = await tx.$queryRaw<{ orderId: string }[]>`
    SELECT "orderId" FROM "CheckoutSaga" WHERE "orderId" = ${orderId}::uuid FOR UPDATE`;
  if (locked.length === 0) return null;
  return tx.checkoutSaga.findUnique({ where: { orderId } });
}

/** Writes the outbox message that makes the relay publish the job of `step`. */
export async function enqueueStep(tx: PrismaTx, orderId: string, step: CheckoutStep): Promise<void> {
  await tx.outboxMessage.create({
    data: {
      queue: CHECKOUT_QUEUES[step],
      jobName: checkoutJobName(step),
      jobId: checkoutJobId(orderId, step),
      payload: { orderId },
    },
  });
}

/**
 * Outbox destination of order status announcements: the relay appends them to the order-status Redis stream
 * (see OrderStatusStreamPublisher) instead of adding a BullMQ job.
 */
export const ORDER_STATUS_OUTBOX = 'order-status';

/**
 * Writes the outbox message that announces an order's new status on the order-status stream. Part of the
 * transaction that changes the status, so only committed changes are announced.
 */
export async function announceOrderStatus(tx: PrismaTx, orderId: string, status: OrderStatus): Promise<void> {
  const announcement: OrderStatusAnnouncement = { orderId, status, at: new Date().toISOString() };
  await tx.outboxMessage.create({
    data: {
      queue: ORDER_STATUS_OUTBOX,
      jobName: status,
      // Unique per announcement; the stream itself does not deduplicate, readers tolerate a repeat.
      jobId: `${orderId}.status.${randomUUID()}`,
      payload: { ...announcement },
    },
  });
}

/** Changes an order's status through the transition table (throws on an illegal change) and announces it. */
export async function setOrderStatus(
  tx: PrismaTx,
  order: Pick<Order, 'id' | 'status'>,
  to: OrderStatus,
  failureReason?: string | null,
): Promise<void> {
  await tx.order.update({
    where: { id: order.id },
    data: { status: transitionOrderStatus(order.status, to), ...(failureReason !== undefined ? { failureReason } : {}) },
  });
  await announceOrderStatus(tx, order.id, to);
}

/**
 * Turns the saga to compensation: the order becomes CANCELLING with `reason` as its failure reason, and the
 * first compensation of the plan (derived from `completedSteps`) is enqueued. `events` (e.g. PAYMENT_DECLINED)
 * are recorded before COMPENSATION_STARTED.
 */
export async function beginCompensation(
  tx: PrismaTx,
  saga: CheckoutSaga,
  order: Pick<Order, 'id' | 'status'>,
  reason: string,
  completedSteps: readonly string[],
  events: readonly NewOrderEvent[] = [],
): Promise<void> {
  const [first] = compensationPlan(completedSteps);
  await tx.checkoutSaga.update({
    where: { orderId: saga.orderId },
    data: { compensating: true, step: first, completedSteps: [...completedSteps], paymentToken: null },
  });
  await setOrderStatus(tx, order, 'CANCELLING', reason);
  await appendOrderEvents(tx, order.id, [...events, { type: OrderEventType.COMPENSATION_STARTED, data: { reason } }]);
  await enqueueStep(tx, order.id, first);
}

/**
 * A customer's (or admin's) cancellation. A PENDING order gets `cancelRequested`: the saga switches to
 * compensation at its next step boundary. A CONFIRMED order starts compensating right away.
 */
export async function requestCancellation(
  tx: PrismaTx,
  saga: CheckoutSaga,
  order: Pick<Order, 'id' | 'status'>,
): Promise<void> {
  const requested: NewOrderEvent = { type: OrderEventType.CANCELLATION_REQUESTED };
  if (order.status === 'CONFIRMED') {
    await beginCompensation(tx, saga, order, CANCELLED_BY_CUSTOMER, saga.completedSteps, [requested]);
    return;
  }
  await tx.checkoutSaga.update({ where: { orderId: saga.orderId }, data: { cancelRequested: true } });
  await appendOrderEvents(tx, order.id, [requested]);
}
