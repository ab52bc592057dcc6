import type { CheckoutSaga, Order, OrderItem, OrderStatus } from '../../generated/prisma/client';
import type { NewOrderEvent } from '../../orders/order-events';
import type { CheckoutStep } from '../checkout-steps';

/** What a step handler gets: the order (with its lines) and the saga row, as loaded when the job started. */
export interface StepContext {
  order: Order & { items: OrderItem[] };
  saga: CheckoutSaga;
}

/** What a step did, recorded by the orchestrator in the transition that follows it. */
export interface StepResult {
  events: NewOrderEvent[];
  /** Local steps change the order's status (CONFIRM_ORDER, CANCEL_ORDER). */
  status?: OrderStatus;
}

export type StepHandler = (context: StepContext) => Promise<StepResult>;

/** The handlers a steps class contributes, by step. */
export type StepHandlers = Partial<Record<CheckoutStep, StepHandler>>;

/**
 * A business failure of a forward step (stock rejected, payment declined): retrying cannot help, so the saga
 * compensates with `reason` as the order's failure reason. `events` record what happened.
 */
export class CheckoutRejectedError extends Error {
  override name = 'CheckoutRejectedError';
  constructor(readonly reason: string, readonly events: NewOrderEvent[] = []) {
    super(reason);
  }
}
