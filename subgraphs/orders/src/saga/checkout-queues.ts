import type { CheckoutStep } from './checkout-steps';

/**
 * Every BullMQ queue and job name of the checkout saga: one queue per step. Keys in Redis are further
 * prefixed by the configured QUEUE_PREFIX. (BullMQ forbids ':' in queue names and job ids.)
 */
export const CHECKOUT_QUEUES: Readonly<Record<CheckoutStep, string>> = {
  RESERVE_STOCK: 'checkout.reserve-stock',
  AUTHORIZE_PAYMENT: 'checkout.authorize-payment',
  CAPTURE_PAYMENT: 'checkout.capture-payment',
  COMMIT_STOCK: 'checkout.commit-stock',
  CONFIRM_ORDER: 'checkout.confirm-order',
  RELEASE_STOCK: 'checkout.release-stock',
  REVERSE_PAYMENT: 'checkout.reverse-payment',
  CANCEL_ORDER: 'checkout.cancel-order',
};

/** The job name is the step itself, so a job says what it does in any queue dashboard. */
export function checkoutJobName(step: CheckoutStep): string {
  return step;
}

/** What a saga job carries: only a pointer to the saga row, which holds the state. */
export interface CheckoutJobData {
  orderId: string;
  /** W3C trace context of the work that enqueued the step (a request, the previous step), when traced. */
  traceparent?: string;
  /** Trace context of this job's last failed attempt, which the next attempt links to. */
  failedAttempt?: string;
}

/**
 * `<orderId>.<STEP>`: each step runs at most once per order, so publishing the same job twice is deduplicated
 * by BullMQ. (The `<orderId>:<step>` form is refused by BullMQ 5: custom ids may not contain ':'.)
 */
export function checkoutJobId(orderId: string, step: CheckoutStep): string {
  return `${orderId}.${step}`;
}

export function stepOfQueue(queue: string): CheckoutStep | undefined {
  return (Object.keys(CHECKOUT_QUEUES) as CheckoutStep[]).find((step) => CHECKOUT_QUEUES[step] === queue);
}
