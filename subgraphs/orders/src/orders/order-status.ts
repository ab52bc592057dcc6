import { OrderStatus } from '../generated/prisma/enums';

export { OrderStatus };

/**
 * Every status change an order may make. PENDING while the checkout saga runs; CONFIRMED or CANCELLED when it
 * ends; CANCELLING while compensations undo what the saga did. CANCELLED is terminal.
 */
export const ORDER_STATUS_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING: ['CONFIRMED', 'CANCELLING', 'CANCELLED'],
  CONFIRMED: ['CANCELLING'],
  CANCELLING: ['CANCELLED'],
  CANCELLED: [],
};

export class IllegalOrderTransitionError extends Error {
  override name = 'IllegalOrderTransitionError';
  constructor(readonly from: OrderStatus, readonly to: OrderStatus) {
    super(`An order cannot go from ${from} to ${to}`);
  }
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_STATUS_TRANSITIONS[from].includes(to);
}

/** Returns `to` when the table allows `from → to`; throws otherwise. Every status write goes through here. */
export function transitionOrderStatus(from: OrderStatus, to: OrderStatus): OrderStatus {
  if (!canTransition(from, to)) throw new IllegalOrderTransitionError(from, to);
  return to;
}
