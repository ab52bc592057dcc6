import { randomUUID } from 'node:crypto';
import type { OrderStatusAnnouncement } from '@retail/common';
import type { CheckoutSaga, Order, OrderStatus, Prisma } from '../generated/prisma/client';
import type { PrismaTx } from '../prisma/prisma.service';
import { appendOrderEvents } from '../orders/order-history';
import { OrderEventType, type NewOrderEvent } from '../orders/order-events';
import { transitionOrderStatus } from '../orders/order-status';
import { CHECKOUT_QUEUES, checkoutJobId, checkoutJobName } from './checkout-queues';
import {
  CHECKOUT_STEP_TABLE,
  FORWARD_STEPS,
  SAGA_DONE,
  compensationPlan,
  nextCompensationStep,
  nextForwardStep,
  type CheckoutStep,
  type CompensationStep,
  type ForwardStep,
} from './checkout-steps';
import type { StepResult } from './steps/checkout-step';

/**
 * The saga's state transitions: the only code that writes saga rows and the outbox. Each runs inside one
 * transaction that already holds the saga row lock (see `lockSaga`; `startSaga` creates the row) and writes
 * together: the saga row, the order's status, the order's events, the outbox message of the next job and the
 * announcement of a status change.
 */

export const CANCELLED_BY_CUSTOMER = 'Cancelled by customer';

/**
 * Outbox destination of order status announcements: the relay appends them to the order-status Redis stream
 * (see OrderStatusStreamPublisher) instead of adding a BullMQ job.
 */
export const ORDER_STATUS_OUTBOX = 'order-status';

/**
 * Locks the saga row of an order (`SELECT ... FOR UPDATE`) for the rest of the transaction, so cancellation,
 * the reconciler and the saga's own transitions never interleave. Returns the locked row, or null if the
 * order has no saga, or (with `skipLocked`) if another transaction holds it.
 */
export async function lockSaga(
  tx: PrismaTx,
  orderId: string,
  { skipLocked = false }: { skipLocked?: boolean } = {},
): Promise<CheckoutSaga | null> {
  const locked = skipLocked
    ? await tx.$queryRaw<{ orderId: string }[]>`
        SELECT "orderId" FROM "CheckoutSaga" WHERE "orderId" = ${orderId}::uuid FOR UPDATE SKIP LOCKED`
    : await tx.$queryRaw<{ orderId: string }[]>`
        SELECT "orderId" FROM "CheckoutSaga" WHERE "orderId" = ${orderId}::uuid FOR UPDATE`;
  if (locked.length === 0) return null;
  return tx.checkoutSaga.findUnique({ where: { orderId } });
}

/**
 * Starts the saga of a just-created PENDING order, in the transaction that created it: the saga row, the
 * order's first event, the first step's job and the PENDING announcement.
 */
export async function startSaga(tx: PrismaTx, order: Pick<Order, 'id' | 'status'>, paymentToken: string): Promise<void> {
  const first = FORWARD_STEPS[0];
  await tx.checkoutSaga.create({ data: { orderId: order.id, step: first, paymentToken } });
  await appendOrderEvents(tx, order.id, [{ type: OrderEventType.ORDER_PLACED }]);
  await enqueueStep(tx, order.id, first);
  await announceOrderStatus(tx, order.id, order.status);
}

/** The saga fields that change with its step: a new step starts with no attempts, no error and not parked. */
function enterStep(step: CheckoutStep | typeof SAGA_DONE): Prisma.CheckoutSagaUpdateInput {
  return { step, stepStartedAt: new Date(), attempts: 0, lastError: null, parkedAt: null };
}

/** A forward step succeeded: record what it did and enqueue the next step (or finish). */
export async function completeForwardStep(
  tx: PrismaTx,
  saga: CheckoutSaga,
  order: Order,
  step: ForwardStep,
  result: StepResult,
): Promise<void> {
  const local = CHECKOUT_STEP_TABLE[step].local;
  if (saga.cancelRequested) {
    // Cancelled while the step ran: keep what a remote step did on record, then undo it with the rest.
    const completed = local ? saga.completedSteps : [...saga.completedSteps, step];
    if (!local) await appendOrderEvents(tx, order.id, result.events);
    await beginCompensation(tx, saga, order, CANCELLED_BY_CUSTOMER, completed);
    return;
  }
  const next = nextForwardStep(step);
  await tx.checkoutSaga.update({
    where: { orderId: order.id },
    data: {
      ...enterStep(next),
      completedSteps: [...saga.completedSteps, step],
      // The one-time token is not needed once the payment is authorized.
      paymentToken: step === 'AUTHORIZE_PAYMENT' || next === SAGA_DONE ? null : saga.paymentToken,
    },
  });
  if (result.status) await setOrderStatus(tx, order, result.status);
  await appendOrderEvents(tx, order.id, result.events);
  if (next !== SAGA_DONE) await enqueueStep(tx, order.id, next);
}

/** A compensation succeeded: record what it undid and enqueue the next compensation (or finish). */
export async function completeCompensationStep(
  tx: PrismaTx,
  saga: CheckoutSaga,
  order: Order,
  step: CompensationStep,
  result: StepResult,
): Promise<void> {
  const next = nextCompensationStep(saga.completedSteps, step);
  await tx.checkoutSaga.update({ where: { orderId: order.id }, data: enterStep(next) });
  if (result.status) await setOrderStatus(tx, order, result.status);
  await appendOrderEvents(tx, order.id, result.events);
  if (next !== SAGA_DONE) await enqueueStep(tx, order.id, next);
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
    data: { ...enterStep(first), compensating: true, completedSteps: [...completedSteps], paymentToken: null },
  });
  await setOrderStatus(tx, order, 'CANCELLING', reason);
  await appendOrderEvents(tx, order.id, [...events, { type: OrderEventType.COMPENSATION_STARTED, data: { reason } }]);
  await enqueueStep(tx, order.id, first);
}

/**
 * A customer's (or admin's) cancellation. A PENDING order gets `cancelRequested`: the saga switches to
 * compensation at its next step boundary. A CONFIRMED order, or a PENDING one whose saga is parked (no step
 * runs until someone acts), starts compensating right away.
 */
export async function requestCancellation(
  tx: PrismaTx,
  saga: CheckoutSaga,
  order: Pick<Order, 'id' | 'status'>,
): Promise<void> {
  const requested: NewOrderEvent = { type: OrderEventType.CANCELLATION_REQUESTED };
  if (order.status === 'CONFIRMED' || saga.parkedAt) {
    await beginCompensation(tx, saga, order, CANCELLED_BY_CUSTOMER, saga.completedSteps, [requested]);
    return;
  }
  await tx.checkoutSaga.update({ where: { orderId: saga.orderId }, data: { cancelRequested: true } });
  await appendOrderEvents(tx, order.id, [requested]);
}

/** A failed attempt of the current step: counted, its error kept, and the saga parked when `park` says so. */
export async function recordStepFailure(
  tx: PrismaTx,
  saga: CheckoutSaga,
  error: string,
  { park }: { park: boolean },
): Promise<CheckoutSaga> {
  return tx.checkoutSaga.update({
    where: { orderId: saga.orderId },
    data: { attempts: { increment: 1 }, lastError: error, parkedAt: park ? new Date() : null },
  });
}

/** An operator retries a parked saga from its current step: attempts start over and the step's job is enqueued. */
export async function retryParkedStep(tx: PrismaTx, saga: CheckoutSaga): Promise<CheckoutSaga> {
  const retried = await tx.checkoutSaga.update({
    where: { orderId: saga.orderId },
    data: { attempts: 0, parkedAt: null, stepStartedAt: new Date() },
  });
  await reenqueueStep(tx, saga.orderId, saga.step as CheckoutStep);
  return retried;
}

/**
 * The reconciler found the saga idle: its current step's job may have been lost (Redis lost its data, a crash
 * between commit and publish). Publishes that job again with its deterministic id (BullMQ drops it if the job
 * still exists; the step itself is a no-op if the saga moved on) and touches the row, so the next look at it
 * is one stall period away.
 */
export async function reenqueueStalledStep(tx: PrismaTx, saga: CheckoutSaga, now: Date): Promise<void> {
  await tx.checkoutSaga.update({ where: { orderId: saga.orderId }, data: { updatedAt: now } });
  await reenqueueStep(tx, saga.orderId, saga.step as CheckoutStep);
}

/** Writes the outbox message that makes the relay publish the job of `step`. */
export async function enqueueStep(tx: PrismaTx, orderId: string, step: CheckoutStep): Promise<void> {
  await tx.outboxMessage.create({ data: stepMessage(orderId, step) });
}

/** Publishes a step's job again: its outbox message (same job id) becomes unpublished, or is written if missing. */
async function reenqueueStep(tx: PrismaTx, orderId: string, step: CheckoutStep): Promise<void> {
  const message = stepMessage(orderId, step);
  await tx.outboxMessage.upsert({
    where: { jobId: message.jobId },
    create: message,
    update: { publishedAt: null },
  });
}

function stepMessage(orderId: string, step: CheckoutStep) {
  return {
    queue: CHECKOUT_QUEUES[step],
    jobName: checkoutJobName(step),
    jobId: checkoutJobId(orderId, step),
    payload: { orderId },
  };
}

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
