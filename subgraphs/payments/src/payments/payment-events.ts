import { IllegalPaymentTransitionError, PaymentStatus, assertTransition } from './payment-status';

/** The event types of a payment's history, each naming the status it moves the payment to. */
export const PaymentEventType = {
  REQUESTED: 'PAYMENT_REQUESTED',
  AUTHORIZED: 'PAYMENT_AUTHORIZED',
  DECLINED: 'PAYMENT_DECLINED',
  CAPTURED: 'PAYMENT_CAPTURED',
  VOIDED: 'PAYMENT_VOIDED',
  REFUNDED: 'PAYMENT_REFUNDED',
} as const;
export type PaymentEventType = (typeof PaymentEventType)[keyof typeof PaymentEventType];

const STATUS_AFTER: Record<PaymentEventType, PaymentStatus> = {
  PAYMENT_REQUESTED: PaymentStatus.PENDING,
  PAYMENT_AUTHORIZED: PaymentStatus.AUTHORIZED,
  PAYMENT_DECLINED: PaymentStatus.DECLINED,
  PAYMENT_CAPTURED: PaymentStatus.CAPTURED,
  PAYMENT_VOIDED: PaymentStatus.VOIDED,
  PAYMENT_REFUNDED: PaymentStatus.REFUNDED,
};

/** The event recorded when a payment moves to `status`. */
export function eventTypeFor(status: PaymentStatus): PaymentEventType {
  const entry = Object.entries(STATUS_AFTER).find(([, after]) => after === status);
  if (!entry) throw new Error(`No event moves a payment to ${status}`);
  return entry[0] as PaymentEventType;
}

export interface ReplayableEvent {
  sequence: number;
  type: string;
}

export class InvalidPaymentHistoryError extends Error {
  override name = 'InvalidPaymentHistoryError';
}

/**
 * Folds a payment's history into its status: the events must be numbered 1..n with no gap, start with
 * PAYMENT_REQUESTED and follow the transition table. Used to audit a stored payment against its history.
 */
export function replayPaymentEvents(events: readonly ReplayableEvent[]): PaymentStatus {
  const ordered = [...events].sort((a, b) => a.sequence - b.sequence);
  let status: PaymentStatus | undefined;
  ordered.forEach((event, index) => {
    if (event.sequence !== index + 1) {
      throw new InvalidPaymentHistoryError(`Expected event ${index + 1}, found ${event.sequence}`);
    }
    const next = STATUS_AFTER[event.type as PaymentEventType];
    if (!next) throw new InvalidPaymentHistoryError(`Unknown payment event ${event.type}`);
    if (status === undefined) {
      if (next !== PaymentStatus.PENDING) throw new IllegalPaymentTransitionError(undefined, next);
    } else {
      assertTransition(status, next);
    }
    status = next;
  });
  if (status === undefined) throw new InvalidPaymentHistoryError('A payment history has at least one event');
  return status;
}
