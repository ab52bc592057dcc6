import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { ORDERS_CONFIG, type OrdersConfig } from '../config';
import type { CheckoutSaga, Order, OrderItem } from '../generated/prisma/client';
import { PrismaService, type PrismaTx } from '../prisma/prisma.service';
import { CHECKOUT_STEPS, isForwardStep, type CheckoutStep, type CompensationStep, type ForwardStep } from './checkout-steps';
import {
  CANCELLED_BY_CUSTOMER,
  ORDER_JSON,
  SAGA_COLUMNS,
  beginCompensation,
  completeCompensationStep,
  completeForwardStep,
  lockSagaWithOrder,
  orderFromJson,
  recordStepFailure,
  tryCompleteStep,
  type OutboxRecord,
} from './checkout-transitions';
import { OutboxRelay } from './outbox-relay';
import { classifyStepError, describeError } from './step-errors';
import { CheckoutRejectedError, type StepContext, type StepHandler, type StepResult } from './steps/checkout-step';
import { OrderSteps } from './steps/order.steps';
import { PaymentSteps } from './steps/payment.steps';
import { StockSteps } from './steps/stock.steps';

/** Which step of which direction a job expects the saga to be at. */
export interface ExpectedStep {
  step: CheckoutStep;
  compensating: boolean;
}

/**
 * Runs the checkout saga one job at a time. A job only says "run step S of order O"; the saga row decides
 * whether S is still due (a duplicate or stale job is a no-op; so is a job of a parked saga), the handler does
 * the work, and a locked transition records the result and enqueues what comes next. Failures are counted on
 * the saga row: business rejections compensate, faults and exhausted compensations park the saga.
 */
@Injectable()
export class CheckoutOrchestrator {
  private readonly logger = new Logger(CheckoutOrchestrator.name);
  private readonly handlers = new Map<CheckoutStep, StepHandler>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly relay: OutboxRelay,
    @Inject(ORDERS_CONFIG) private readonly config: OrdersConfig,
    stockSteps: StockSteps,
    paymentSteps: PaymentSteps,
    orderSteps: OrderSteps,
  ) {
    for (const steps of [stockSteps, paymentSteps, orderSteps]) {
      for (const [step, handler] of Object.entries(steps.handlers) as [CheckoutStep, StepHandler][]) {
        if (this.handlers.has(step)) throw new Error(`Checkout step ${step} has two handlers`);
        this.handlers.set(step, handler);
      }
    }
    const missing = CHECKOUT_STEPS.filter((step) => !this.handlers.has(step));
    if (missing.length > 0) throw new Error(`Checkout steps without a handler: ${missing.join(', ')}`);
  }

  hasHandler(step: CheckoutStep): boolean {
    return this.handlers.has(step);
  }

  /**
   * Runs `step` of an order's saga, if it is due. A business rejection starts compensation and throws
   * UnrecoverableError (no retry); so does parking. Any other failure is counted and thrown, for BullMQ to retry.
   */
  async run(step: CheckoutStep, orderId: string): Promise<void> {
    const context = await this.load(orderId);
    if (!context) {
      this.logger.warn(`No saga for order ${orderId}; ${step} skipped`);
      return;
    }
    const expected: ExpectedStep = { step, compensating: !isForwardStep(step) };
    if (!isDue(context.saga, expected)) return;
    // One info line per step, when it ends (with its attempt and duration); its start only at debug. Every
    // line is a write to stdout, and under load those writes were a measurable part of the worker's CPU.
    const attempt = context.saga.attempts + 1;
    this.logger.debug(`${step} of order ${orderId}: started (attempt ${attempt})`);
    const started = performance.now();
    try {
      const outcome = isForwardStep(step)
        ? await this.runForward(step, context)
        : await this.runCompensation(step as CompensationStep, context);
      this.logger.log(`${step} of order ${orderId}: ${outcome} (attempt ${attempt}, ${Math.round(performance.now() - started)} ms)`);
    } catch (error) {
      if (error instanceof CheckoutRejectedError && isForwardStep(step)) {
        await this.reject(step, orderId, error);
        throw new UnrecoverableError(error.reason);
      }
      await this.recordFailure(expected, orderId, error);
    }
  }

  private async runForward(step: ForwardStep, context: StepContext): Promise<string> {
    const orderId = context.order.id;
    if (context.saga.cancelRequested) {
      await this.transition(orderId, { step, compensating: false }, (tx, saga, order) =>
        beginCompensation(tx, saga, order, CANCELLED_BY_CUSTOMER, saga.completedSteps),
      );
      return 'cancellation requested, compensating';
    }
    const result = await this.handler(step)(context);
    if (await this.tryComplete(step, context, result)) return 'completed';
    const applied = await this.transition(orderId, { step, compensating: false }, (tx, saga, order) =>
      completeForwardStep(tx, saga, order, step, result),
    );
    return applied ? 'completed' : 'completed, but the saga had moved on';
  }

  private async runCompensation(step: CompensationStep, context: StepContext): Promise<string> {
    const result: StepResult = await this.handler(step)(context);
    if (await this.tryComplete(step, context, result)) return 'completed';
    const applied = await this.transition(context.order.id, { step, compensating: true }, (tx, saga, order) =>
      completeCompensationStep(tx, saga, order, step, result),
    );
    return applied ? 'completed' : 'completed, but the saga had moved on';
  }

  /**
   * The usual end of a step: one statement records it if the saga row is still as the step found it (see
   * `tryCompleteStep`). False when something changed meanwhile (a cancellation, a duplicate run); the caller
   * then decides under the row lock.
   */
  private async tryComplete(step: CheckoutStep, context: StepContext, result: StepResult): Promise<boolean> {
    const written = await tryCompleteStep(this.prisma, context.saga, context.order, step, result);
    if (!written) return false;
    this.relay.publish(written);
    return true;
  }

  /** A business outcome (declined, not enough stock): the checkout ends, undoing what it did. */
  private async reject(step: ForwardStep, orderId: string, rejection: CheckoutRejectedError): Promise<void> {
    await this.transition(orderId, { step, compensating: false }, (tx, saga, order) =>
      beginCompensation(tx, saga, order, rejection.reason, saga.completedSteps, rejection.events),
    );
    this.logger.log(`${step} of order ${orderId}: rejected (${rejection.reason}), compensating`);
  }

  /**
   * Counts a failed attempt on the saga row and decides: a fault in a forward step, or any failure of a
   * compensation, parks the saga once its attempts are used up (then UnrecoverableError stops BullMQ's
   * retries); otherwise the error is rethrown for BullMQ to retry. An unavailable service never parks a
   * forward step: the order expires instead (see CheckoutReconciler).
   */
  private async recordFailure(expected: ExpectedStep, orderId: string, error: unknown): Promise<never> {
    const message = describeError(error);
    const forward = !expected.compensating;
    const limit = forward ? this.config.saga.stepAttempts : this.config.saga.compensationAttempts;
    const parkable = !forward || classifyStepError(error) === 'fault';
    let recorded: CheckoutSaga | undefined;
    try {
      await this.transition(orderId, expected, async (tx, saga) => {
        recorded = await recordStepFailure(tx, saga, message, { park: parkable && saga.attempts + 1 >= limit });
      });
    } catch (recordError) {
      // The orders database itself may be what failed: BullMQ retries, and the next failure is counted.
      this.logger.warn(`${expected.step} of order ${orderId}: could not record the failure: ${describeError(recordError)}`);
    }
    if (recorded?.parkedAt) {
      this.logger.error(
        `${expected.step} of order ${orderId}: failed ${recorded.attempts} times, saga parked (NEEDS_ATTENTION): ${message}`,
      );
      throw new UnrecoverableError(`Parked: ${message}`);
    }
    this.logger.warn(`${expected.step} of order ${orderId}: failed (attempt ${recorded?.attempts ?? '?'}), will retry: ${message}`);
    throw error;
  }

  /**
   * One saga transition: locks the saga row, re-checks that `expected` still holds (another run may have
   * moved the saga meanwhile; then nothing is written), applies `apply`, commits, and nudges the relay.
   */
  private async transition(
    orderId: string,
    expected: ExpectedStep,
    apply: (tx: PrismaTx, saga: CheckoutSaga, order: Order) => Promise<OutboxRecord[] | void>,
  ): Promise<boolean> {
    const written = await this.prisma.$transaction(async (tx) => {
      const locked = await lockSagaWithOrder(tx, orderId);
      if (!locked || !isDue(locked.saga, expected)) return null;
      return (await apply(tx, locked.saga, locked.order)) ?? [];
    });
    if (written) this.relay.publish(written);
    return written !== null;
  }

  /** The order, its lines and its saga, in one statement. */
  private async load(orderId: string): Promise<StepContext | null> {
    const rows = await this.prisma.$queryRaw<(CheckoutSaga & { order: Order; items: OrderItem[] })[]>`
      SELECT ${SAGA_COLUMNS}, ${ORDER_JSON} AS "order",
        (SELECT coalesce(json_agg(json_build_object('orderId', i."orderId", 'productId', i."productId",
            'productName', i."productName", 'quantity', i.quantity, 'unitPriceAmount', i."unitPriceAmount",
            'currency', i.currency) ORDER BY i."productId"), '[]'::json)
         FROM "OrderItem" i WHERE i."orderId" = o.id) AS items
      FROM "CheckoutSaga" s JOIN "Order" o ON o.id = s."orderId"
      WHERE s."orderId" = ${orderId}::uuid`;
    const row = rows[0];
    if (!row) return null;
    const { order, items, ...saga } = row;
    return { order: { ...orderFromJson(order), items }, saga };
  }

  private handler(step: CheckoutStep): StepHandler {
    const handler = this.handlers.get(step);
    if (!handler) throw new Error(`No handler for checkout step ${step}`);
    return handler;
  }
}

/** The saga is at `expected` and not parked (a parked saga waits for an operator's retry). */
function isDue(saga: CheckoutSaga, expected: ExpectedStep): boolean {
  return saga.step === expected.step && saga.compensating === expected.compensating && saga.parkedAt === null;
}
