import { PaymentStatus } from '../generated/prisma/enums';

export { PaymentStatus };

/**
 * Every status change a payment may make. A payment starts PENDING while the gateway is asked; DECLINED,
 * VOIDED and REFUNDED are final. Anything not listed is a bug in the caller.
 */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  PENDING: [PaymentStatus.AUTHORIZED, PaymentStatus.DECLINED],
  AUTHORIZED: [PaymentStatus.CAPTURED, PaymentStatus.VOIDED],
  CAPTURED: [PaymentStatus.REFUNDED],
  DECLINED: [],
  VOIDED: [],
  REFUNDED: [],
};

export class IllegalPaymentTransitionError extends Error {
  override name = 'IllegalPaymentTransitionError';
  constructor(readonly from: PaymentStatus | undefined, readonly to: PaymentStatus) {
    super(`Illegal payment transition ${from ?? '(none)'} -> ${to}`);
  }
}

export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[from].includes(to);
}

/** Throws unless `from -> to` is in the transition table. */
export function assertTransition(from: PaymentStatus, to: PaymentStatus): void {
  if (!canTransition(from, to)) throw new IllegalPaymentTransitionError(from, to);
}

export function isFinal(status: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[status].length === 0;
}
