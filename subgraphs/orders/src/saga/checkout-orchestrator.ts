import { Injectable, Logger } from '@nestjs/common';
import { SubgraphRequestError } from '@retail/common';
import { UnrecoverableError } from 'bullmq';
import type { CheckoutSaga, Order } from '../generated/prisma/client';
import { appendOrderEvents } from '../orders/order-history';
import { OrderEventType } from '../orders/order-events';
import { PrismaService, type PrismaTx } from '../prisma/prisma.service';
import {
  CHECKOUT_STEPS,
  CHECKOUT_STEP_TABLE,
  SAGA_DONE,
  isForwardStep,
  nextCompensationStep,
  nextForwardStep,
  type CheckoutStep,
  type CompensationStep,
  type ForwardStep,
} from './checkout-steps';
import { CANCELLED_BY_CUSTOMER, beginCompensation, enqueueStep, lockSaga, setOrderStatus } from './checkout-transitions';
import { OutboxRelay } from './outbox-relay';
import { CheckoutRejectedError, type StepContext, type StepHandler, type StepResult } from './steps/checkout-step';
import { OrderSteps } from './steps/order.steps';
import { PaymentSteps } from './steps/payment.steps';
import { StockSteps } from './steps/stock.steps';

interface Expected {
  step: CheckoutStep;
  compensating: boolean;
}

/**
 * Runs the checkout saga one job at a time. A job only says "run step S of order O"; the saga row decides
 * whether S is still due (a duplicate or stale job is a no-op), the handler does the work, and a locked
 * transition records the result and enqueues what comes next.
 */
@Injectable()
export class CheckoutOrchestrator {
  private readonly logger = new Logger(CheckoutOrchestrator.name);
  private readonly handlers = new Map<CheckoutStep, StepHandler>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly relay: OutboxRelay,
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
   * Runs `step` of an order's saga, if it is due. Business failures start compensation and throw
   * UnrecoverableError (no retry); anything else throws as is, for BullMQ to retry.
   */
  async run(step: CheckoutStep, orderId: string): Promise<void> {
    const context = await this.load(orderId);
    if (!context) {
      this.logger.warn(`No saga for order ${orderId}; ${step} skipped`);
      return;
    }
    const forward = isForwardStep(step);
    if (!isDue(context.saga, { step, compensating: !forward })) return;
    if (forward) await this.runForward(step, context);
    else await this.runCompensation(step as CompensationStep, context);
  }

  /** A forward step exhausted its attempts: undo what the saga did, including the step itself. */
  async failStep(step: ForwardStep, orderId: string): Promise<void> {
    const reason = `Checkout failed: ${step} could not complete`;
    await this.transition(orderId, { step, compensating: false }, (tx, saga, order) =>
      beginCompensation(tx, saga, order, reason, saga.completedSteps, [
        { type: OrderEventType.CHECKOUT_FAILED, data: { step } },
      ]),
    );
  }

  private async runForward(step: ForwardStep, context: StepContext): Promise<void> {
    const orderId = context.order.id;
    if (context.saga.cancelRequested) {
      await this.transition(orderId, { step, compensating: false }, (tx, saga, order) =>
        beginCompensation(tx, saga, order, CANCELLED_BY_CUSTOMER, saga.completedSteps),
      );
      return;
    }
    let result: StepResult;
    try {
      result = await this.handler(step)(context);
    } catch (error) {
      const rejection = asRejection(step, error);
      if (!rejection) throw error;
      await this.transition(orderId, { step, compensating: false }, (tx, saga, order) =>
        beginCompensation(tx, saga, order, rejection.reason, saga.completedSteps, rejection.events),
      );
      throw new UnrecoverableError(rejection.reason);
    }
    await this.transition(orderId, { step, compensating: false }, (tx, saga, order) =>
      this.completeForward(tx, saga, order, step, result),
    );
  }

  private async completeForward(
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
        step: next,
        completedSteps: [...saga.completedSteps, step],
        // The one-time token is not needed once the payment is authorized.
        paymentToken: step === 'AUTHORIZE_PAYMENT' || next === SAGA_DONE ? null : saga.paymentToken,
      },
    });
    if (result.status) await setOrderStatus(tx, order, result.status);
    await appendOrderEvents(tx, order.id, result.events);
    if (next !== SAGA_DONE) await enqueueStep(tx, order.id, next);
  }

  private async runCompensation(step: CompensationStep, context: StepContext): Promise<void> {
    let result: StepResult;
    try {
      result = await this.handler(step)(context);
    } catch (error) {
      if (error instanceof SubgraphRequestError) {
        this.logger.error(`${step} of order ${context.order.id} was refused, retrying: ${error.message}`);
      }
      throw error;
    }
    await this.transition(context.order.id, { step, compensating: true }, async (tx, saga, order) => {
      const next = nextCompensationStep(saga.completedSteps, step);
      await tx.checkoutSaga.update({ where: { orderId: order.id }, data: { step: next } });
      if (result.status) await setOrderStatus(tx, order, result.status);
      await appendOrderEvents(tx, order.id, result.events);
      if (next !== SAGA_DONE) await enqueueStep(tx, order.id, next);
    });
  }

  /**
   * One saga transition: locks the saga row, re-checks that `expected` still holds (another run may have
   * moved the saga meanwhile; then nothing is written), applies `apply`, commits, and nudges the relay.
   */
  private async transition(
    orderId: string,
    expected: Expected,
    apply: (tx: PrismaTx, saga: CheckoutSaga, order: Order) => Promise<void>,
  ): Promise<boolean> {
    const applied = await this.prisma.$transaction(async (tx) => {
      const saga = await lockSaga(tx, orderId);
      if (!saga || !isDue(saga, expected)) return false;
      const order = await tx.order.findUniqueOrThrow({ where: { id: orderId } });
      await apply(tx, saga, order);
      return true;
    });
    if (applied) this.relay.nudge();
    return applied;
  }

  private async load(orderId: string): Promise<StepContext | null> {
    const order = await this.prisma.order.findUnique({ where: { id: orderId }, include: { items: true, saga: true } });
    if (!order?.saga) return null;
    const { saga, ...rest } = order;
    return { order: rest, saga };
  }

  private handler(step: CheckoutStep): StepHandler {
    const handler = this.handlers.get(step);
    if (!handler) throw new Error(`No handler for checkout step ${step}`);
    return handler;
  }
}

function isDue(saga: CheckoutSaga, expected: Expected): boolean {
  return saga.step === expected.step && saga.compensating === expected.compensating;
}

/** Business failures of a forward step: an explicit rejection, or another subgraph refusing the request. */
function asRejection(step: ForwardStep, error: unknown): CheckoutRejectedError | undefined {
  if (error instanceof CheckoutRejectedError) return error;
  if (error instanceof SubgraphRequestError) {
    return new CheckoutRejectedError(`Checkout failed: ${step} could not complete`, [
      { type: OrderEventType.CHECKOUT_FAILED, data: { step, error: error.message } },
    ]);
  }
  return undefined;
}
