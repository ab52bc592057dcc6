import { randomUUID } from 'node:crypto';
import { currentTraceparent, type OrderStatusAnnouncement } from '@retail/common';
import { Prisma, type CheckoutSaga, type Order, type OrderStatus, type PrismaClient } from '../generated/prisma/client';
import type { PrismaTx } from '../prisma/prisma.service';
import { OrderEventType, type NewOrderEvent } from '../orders/order-events';
import { transitionOrderStatus } from '../orders/order-status';
import { CHECKOUT_QUEUES, checkoutJobId, checkoutJobName, type CheckoutJobData } from './checkout-queues';
import {
  CHECKOUT_STEP_TABLE,
  FORWARD_STEPS,
  SAGA_DONE,
  compensationPlan,
  isForwardStep,
  nextCompensationStep,
  nextForwardStep,
  type CheckoutStep,
  type CompensationStep,
  type ForwardStep,
} from './checkout-steps';
import type { StepResult } from './steps/checkout-step';

/**
 * The saga's state transitions: the only code that writes saga rows and the outbox. Each writes together, in
 * one SQL statement: the saga row, the order's status, the order's events, the outbox message of the next job
 * and the announcement of a status change. Most run inside a transaction that already holds the saga row lock
 * (see `lockSaga`; `placeOrderAndStartSaga` creates the row); `tryCompleteStep` instead takes the lock with its own
 * conditional update and writes nothing unless the saga row is still as the step saw it.
 *
 * Each returns the outbox messages it wrote, for the caller to hand to the relay once the transaction commits.
 */

export const CANCELLED_BY_CUSTOMER = 'Cancelled by customer';

/**
 * Outbox destination of order status announcements: the relay appends them to the order-status Redis stream
 * (see OrderStatusStreamPublisher) instead of adding a BullMQ job.
 */
export const ORDER_STATUS_OUTBOX = 'order-status';

/** An outbox row as written, for the relay to publish right after the commit. */
export interface OutboxRecord {
  id: bigint;
  queue: string;
  jobName: string;
  jobId: string;
  payload: unknown;
  createdAt: Date;
}

/** `now()` as the UTC wall-clock time Prisma keeps in `timestamp(3)` columns. */
const NOW = Prisma.sql`(now() AT TIME ZONE 'UTC')`;

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
  const rows = await tx.$queryRaw<CheckoutSaga[]>`
    SELECT ${SAGA_COLUMNS} FROM "CheckoutSaga" s WHERE s."orderId" = ${orderId}::uuid
    FOR UPDATE ${skipLocked ? Prisma.sql`SKIP LOCKED` : Prisma.empty}`;
  return rows[0] ?? null;
}

/** Locks the saga row (as `lockSaga`) and reads its order in the same statement. */
export async function lockSagaWithOrder(tx: PrismaTx, orderId: string): Promise<{ saga: CheckoutSaga; order: Order } | null> {
  const rows = await tx.$queryRaw<(CheckoutSaga & { order: Order })[]>`
    SELECT ${SAGA_COLUMNS}, ${ORDER_JSON} AS "order"
    FROM "CheckoutSaga" s JOIN "Order" o ON o.id = s."orderId"
    WHERE s."orderId" = ${orderId}::uuid FOR UPDATE OF s`;
  const row = rows[0];
  if (!row) return null;
  const { order, ...saga } = row;
  return { saga, order: orderFromJson(order) };
}

/** The saga row's columns, from a query that calls the table `s`. */
export const SAGA_COLUMNS = Prisma.sql`s."orderId"::text AS "orderId", s.step, s."completedSteps", s.compensating,
  s."cancelRequested", s."paymentToken", s."stepStartedAt", s.attempts, s."lastError", s."parkedAt", s."createdAt",
  s."updatedAt"`;

/** The order row as one JSON value, from a query that calls the table `o`; read it with `orderFromJson`. */
export const ORDER_JSON = Prisma.sql`json_build_object('id', o.id, 'customerId', o."customerId", 'status', o.status,
  'totalAmount', o."totalAmount", 'currency', o.currency, 'idempotencyKey', o."idempotencyKey",
  'failureReason', o."failureReason", 'createdAt', o."createdAt", 'updatedAt', o."updatedAt")`;

/** An order read as JSON (`ORDER_JSON`): its timestamps are UTC wall-clock times without a zone. */
export function orderFromJson(json: Order): Order {
  const raw = json as unknown as Record<string, unknown>;
  return { ...json, createdAt: utc(raw.createdAt as string), updatedAt: utc(raw.updatedAt as string) };
}

function utc(text: string): Date {
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
}

/** What one transition writes; `sagaWrite` says how the saga row changes (or is created). */
interface TransitionWrite {
  orderId: string;
  order?: { from: OrderStatus; to: OrderStatus; failureReason?: string | null };
  /** A status to announce without changing it (a new order's PENDING). */
  announce?: OrderStatus;
  events: readonly NewOrderEvent[];
  /** Steps whose jobs to enqueue, after the status announcement (if any). */
  steps: readonly CheckoutStep[];
}

/**
 * Writes one transition in one statement: the saga row (`sagaWrite`, an UPDATE or INSERT returning "orderId"),
 * and only if it wrote a row, the order's status, its events (numbered after the last one) and the outbox
 * messages (the status announcement first, then the jobs). Returns null when `sagaWrite` matched no row.
 * `before`: common table expressions `sagaWrite` may read, written in the same statement (a new order's).
 */
async function writeTransition(
  tx: PrismaTx | PrismaClient,
  sagaWrite: Prisma.Sql,
  write: TransitionWrite,
  before?: Prisma.Sql,
): Promise<OutboxRecord[] | null> {
  const { orderId } = write;
  const messages: OutboxDraft[] = [];
  let orderUpdate = Prisma.sql`SELECT NULL::uuid AS id WHERE false`;
  if (write.announce) messages.push(statusMessage(orderId, write.announce));
  if (write.order) {
    const { from, to, failureReason } = write.order;
    const status = transitionOrderStatus(from, to);
    messages.push(statusMessage(orderId, status));
    orderUpdate = Prisma.sql`UPDATE "Order" SET status = ${status}::"OrderStatus", "updatedAt" = ${NOW}
      ${failureReason !== undefined ? Prisma.sql`, "failureReason" = ${failureReason}` : Prisma.empty}
      WHERE id IN (SELECT "orderId" FROM s) RETURNING id`;
  }
  for (const step of write.steps) messages.push(stepMessage(orderId, step));
  const events = write.events.map((event) => ({ type: event.type, data: event.data ?? {} }));
  const rows = await tx.$queryRaw<(Partial<OutboxRecord> & { applied: number })[]>`
    WITH ${before ? Prisma.sql`${before},` : Prisma.empty} s AS (${sagaWrite}),
    o AS (${orderUpdate}),
    e AS (
      INSERT INTO "OrderEvent" ("orderId", sequence, type, data)
      SELECT s."orderId", last.n + x.ord, x.v->>'type', x.v->'data'
      FROM s,
        (SELECT coalesce(max(sequence), 0) AS n FROM "OrderEvent" WHERE "orderId" = ${orderId}::uuid) last,
        jsonb_array_elements(${JSON.stringify(events)}::jsonb) WITH ORDINALITY AS x(v, ord)
    ),
    m AS (
      INSERT INTO "OutboxMessage" (queue, "jobName", "jobId", payload)
      SELECT x.v->>'queue', x.v->>'jobName', x.v->>'jobId', x.v->'payload'
      FROM s, jsonb_array_elements(${JSON.stringify(messages)}::jsonb) WITH ORDINALITY AS x(v, ord)
      ORDER BY x.ord
      RETURNING id, queue, "jobName", "jobId", payload, "createdAt"
    )
    SELECT (SELECT count(*) FROM s)::int AS applied, m.* FROM (SELECT 1) one LEFT JOIN m ON true ORDER BY m.id`;
  if (!rows[0]?.applied) return null;
  return rows.filter((row) => row.id !== null && row.id !== undefined) as OutboxRecord[];
}

/** The saga fields that change with its step: a new step starts with no attempts, no error and not parked. */
function enterStep(step: CheckoutStep | typeof SAGA_DONE): Prisma.Sql {
  return Prisma.sql`step = ${step}, "stepStartedAt" = ${NOW}, attempts = 0, "lastError" = NULL, "parkedAt" = NULL`;
}

function textArray(values: readonly string[]): Prisma.Sql {
  return Prisma.sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}

function updateSaga(orderId: string, set: Prisma.Sql, guard: Prisma.Sql = Prisma.empty): Prisma.Sql {
  return Prisma.sql`UPDATE "CheckoutSaga" SET ${set}, "updatedAt" = ${NOW}
    WHERE "orderId" = ${orderId}::uuid ${guard} RETURNING "orderId"`;
}

/**
 * Places a PENDING order and starts its saga, in one statement: `insertOrder` (see Checkout.placeOrder) writes
 * the order and its lines, then the saga row, the order's first event, the first step's job and the PENDING
 * announcement. Null when `insertOrder` placed nothing (the customer's idempotency key was taken).
 */
export async function placeOrderAndStartSaga(
  prisma: PrismaClient,
  order: Pick<Order, 'id' | 'status'>,
  insertOrder: Prisma.Sql,
  paymentToken: string,
): Promise<OutboxRecord[] | null> {
  const first = FORWARD_STEPS[0];
  const insert = Prisma.sql`INSERT INTO "CheckoutSaga" ("orderId", step, "paymentToken", "updatedAt")
    SELECT id, ${first}, ${paymentToken}, ${NOW} FROM placed RETURNING "orderId"`;
  const write = { orderId: order.id, announce: order.status, events: [{ type: OrderEventType.ORDER_PLACED }], steps: [first] };
  return writeTransition(prisma, insert, write, insertOrder);
}

/** What a forward step's success writes, when no cancellation arrived meanwhile. */
function forwardStepWrite(saga: CheckoutSaga, order: Pick<Order, 'id' | 'status'>, step: ForwardStep, result: StepResult) {
  const next = nextForwardStep(step);
  // The one-time token is not needed once the payment is authorized.
  const dropToken = step === 'AUTHORIZE_PAYMENT' || next === SAGA_DONE;
  const set = Prisma.sql`${enterStep(next)}, "completedSteps" = ${textArray([...saga.completedSteps, step])}
    ${dropToken ? Prisma.sql`, "paymentToken" = NULL` : Prisma.empty}`;
  const write: TransitionWrite = {
    orderId: order.id,
    order: result.status ? { from: order.status, to: result.status } : undefined,
    events: result.events,
    steps: next === SAGA_DONE ? [] : [next],
  };
  return { set, write };
}

/** What a compensation's success writes. */
function compensationStepWrite(saga: CheckoutSaga, order: Pick<Order, 'id' | 'status'>, step: CompensationStep, result: StepResult) {
  const next = nextCompensationStep(saga.completedSteps, step);
  const write: TransitionWrite = {
    orderId: order.id,
    order: result.status ? { from: order.status, to: result.status } : undefined,
    events: result.events,
    steps: next === SAGA_DONE ? [] : [next],
  };
  return { set: enterStep(next), write };
}

/**
 * The common case of a finished step, without taking the lock first: applies the step's success (as
 * `completeForwardStep` / `completeCompensationStep` would) in one statement whose UPDATE of the saga row
 * takes the row lock and only matches if the saga is still at `step`, in the same direction, not parked and,
 * for a forward step, without a cancellation request: exactly the state the step was run from. Returns null
 * when it did not match (another writer got there first); the caller then takes the locked path.
 */
export async function tryCompleteStep(
  tx: PrismaTx,
  saga: CheckoutSaga,
  order: Pick<Order, 'id' | 'status'>,
  step: CheckoutStep,
  result: StepResult,
): Promise<OutboxRecord[] | null> {
  const forward = isForwardStep(step);
  if (forward && saga.cancelRequested) return null;
  const { set, write } = forward
    ? forwardStepWrite(saga, order, step, result)
    : compensationStepWrite(saga, order, step as CompensationStep, result);
  const guard = Prisma.sql`AND step = ${step} AND compensating = ${!forward} AND "parkedAt" IS NULL
    ${forward ? Prisma.sql`AND "cancelRequested" = false` : Prisma.empty}`;
  return writeTransition(tx, updateSaga(order.id, set, guard), write);
}

/** A forward step succeeded: record what it did and enqueue the next step (or finish). */
export async function completeForwardStep(
  tx: PrismaTx,
  saga: CheckoutSaga,
  order: Order,
  step: ForwardStep,
  result: StepResult,
): Promise<OutboxRecord[]> {
  const local = CHECKOUT_STEP_TABLE[step].local;
  if (saga.cancelRequested) {
    // Cancelled while the step ran: keep what a remote step did on record, then undo it with the rest.
    const completed = local ? saga.completedSteps : [...saga.completedSteps, step];
    return beginCompensation(tx, saga, order, CANCELLED_BY_CUSTOMER, completed, local ? [] : result.events);
  }
  const { set, write } = forwardStepWrite(saga, order, step, result);
  return (await writeTransition(tx, updateSaga(order.id, set), write)) ?? [];
}

/** A compensation succeeded: record what it undid and enqueue the next compensation (or finish). */
export async function completeCompensationStep(
  tx: PrismaTx,
  saga: CheckoutSaga,
  order: Order,
  step: CompensationStep,
  result: StepResult,
): Promise<OutboxRecord[]> {
  const { set, write } = compensationStepWrite(saga, order, step, result);
  return (await writeTransition(tx, updateSaga(order.id, set), write)) ?? [];
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
): Promise<OutboxRecord[]> {
  const [first] = compensationPlan(completedSteps);
  const set = Prisma.sql`${enterStep(first!)}, compensating = true, "completedSteps" = ${textArray(completedSteps)}, "paymentToken" = NULL`;
  const written = await writeTransition(tx, updateSaga(saga.orderId, set), {
    orderId: order.id,
    order: { from: order.status, to: 'CANCELLING', failureReason: reason },
    events: [...events, { type: OrderEventType.COMPENSATION_STARTED, data: { reason } }],
    steps: [first!],
  });
  return written ?? [];
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
): Promise<OutboxRecord[]> {
  const requested: NewOrderEvent = { type: OrderEventType.CANCELLATION_REQUESTED };
  if (order.status === 'CONFIRMED' || saga.parkedAt) {
    return beginCompensation(tx, saga, order, CANCELLED_BY_CUSTOMER, saga.completedSteps, [requested]);
  }
  const written = await writeTransition(tx, updateSaga(saga.orderId, Prisma.sql`"cancelRequested" = true`), {
    orderId: order.id,
    events: [requested],
    steps: [],
  });
  return written ?? [];
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
export async function retryParkedStep(tx: PrismaTx, saga: CheckoutSaga): Promise<{ saga: CheckoutSaga; outbox: OutboxRecord[] }> {
  const retried = await tx.checkoutSaga.update({
    where: { orderId: saga.orderId },
    data: { attempts: 0, parkedAt: null, stepStartedAt: new Date() },
  });
  return { saga: retried, outbox: await reenqueueStep(tx, saga.orderId, saga.step as CheckoutStep) };
}

/**
 * The reconciler found the saga idle: its current step's job may have been lost (Redis lost its data, a crash
 * between commit and publish). Publishes that job again with its deterministic id (BullMQ drops it if the job
 * still exists; the step itself is a no-op if the saga moved on) and touches the row, so the next look at it
 * is one stall period away.
 */
export async function reenqueueStalledStep(tx: PrismaTx, saga: CheckoutSaga, now: Date): Promise<OutboxRecord[]> {
  await tx.checkoutSaga.update({ where: { orderId: saga.orderId }, data: { updatedAt: now } });
  return reenqueueStep(tx, saga.orderId, saga.step as CheckoutStep);
}

/** Publishes a step's job again: its outbox message (same job id) becomes unpublished, or is written if missing. */
async function reenqueueStep(tx: PrismaTx, orderId: string, step: CheckoutStep): Promise<OutboxRecord[]> {
  const message = stepMessage(orderId, step);
  return tx.$queryRaw<OutboxRecord[]>`
    INSERT INTO "OutboxMessage" (queue, "jobName", "jobId", payload)
    VALUES (${message.queue}, ${message.jobName}, ${message.jobId}, ${JSON.stringify(message.payload)}::jsonb)
    ON CONFLICT ("jobId") DO UPDATE SET "publishedAt" = NULL
    RETURNING id, queue, "jobName", "jobId", payload, "createdAt"`;
}

interface OutboxDraft {
  queue: string;
  jobName: string;
  jobId: string;
  payload: Prisma.InputJsonObject;
}

/** Job data with the current trace context, when there is one. */
function withTraceparent(data: CheckoutJobData): Prisma.InputJsonObject {
  const traceparent = currentTraceparent();
  return { ...data, ...(traceparent ? { traceparent } : {}) };
}

function stepMessage(orderId: string, step: CheckoutStep): OutboxDraft {
  return {
    queue: CHECKOUT_QUEUES[step],
    jobName: checkoutJobName(step),
    jobId: checkoutJobId(orderId, step),
    // The trace of what caused the step travels with the message, so the step continues it.
    payload: withTraceparent({ orderId }),
  };
}

/**
 * The outbox message that announces an order's new status on the order-status stream. Written in the
 * transaction that changes the status, so only committed changes are announced.
 */
function statusMessage(orderId: string, status: OrderStatus): OutboxDraft {
  const announcement: OrderStatusAnnouncement = { orderId, status, at: new Date().toISOString() };
  return {
    queue: ORDER_STATUS_OUTBOX,
    jobName: status,
    // Unique per announcement; the stream itself does not deduplicate, readers tolerate a repeat.
    jobId: `${orderId}.status.${randomUUID()}`,
    payload: { ...announcement },
  };
}
