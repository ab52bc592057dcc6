import type { OrderStatus } from './order-status';
import { transitionOrderStatus } from './order-status';

/** The kinds of OrderEvent rows. The history is append-only; replaying it rebuilds status and failure reason. */
export const OrderEventType = {
  ORDER_PLACED: 'ORDER_PLACED',
  STOCK_RESERVED: 'STOCK_RESERVED',
  STOCK_REJECTED: 'STOCK_REJECTED',
  PAYMENT_AUTHORIZED: 'PAYMENT_AUTHORIZED',
  PAYMENT_DECLINED: 'PAYMENT_DECLINED',
  PAYMENT_CAPTURED: 'PAYMENT_CAPTURED',
  STOCK_COMMITTED: 'STOCK_COMMITTED',
  ORDER_CONFIRMED: 'ORDER_CONFIRMED',
  CANCELLATION_REQUESTED: 'CANCELLATION_REQUESTED',
  /** The current step made no progress for the expiry deadline (data.step, data.lastError); compensation follows. */
  CHECKOUT_EXPIRED: 'CHECKOUT_EXPIRED',
  /** The saga turned to undoing its steps; data.reason becomes the order's failure reason. */
  COMPENSATION_STARTED: 'COMPENSATION_STARTED',
  STOCK_RELEASED: 'STOCK_RELEASED',
  PAYMENT_REVERSED: 'PAYMENT_REVERSED',
  ORDER_CANCELLED: 'ORDER_CANCELLED',
} as const;

export type OrderEventType = (typeof OrderEventType)[keyof typeof OrderEventType];

/** An event about to be appended: its type and details (the row's `data`). */
export interface NewOrderEvent {
  type: OrderEventType;
  data?: Record<string, string | number | boolean | null>;
}

/** What replay needs of a stored event. */
export interface RecordedOrderEvent {
  type: string;
  data: unknown;
}

export interface ReplayedOrder {
  status: OrderStatus;
  failureReason: string | null;
}

function reasonOf(data: unknown): string | null {
  if (data && typeof data === 'object' && 'reason' in data) {
    const reason = (data as { reason: unknown }).reason;
    return typeof reason === 'string' ? reason : null;
  }
  return null;
}

/**
 * Folds an order's events (in sequence order) into its status and failure reason. Only the events that
 * change the order count; the others (STOCK_RESERVED, PAYMENT_CAPTURED, ...) are history. Status changes go
 * through the transition table, so a history that breaks it throws.
 */
export function replayOrderEvents(events: readonly RecordedOrderEvent[]): ReplayedOrder {
  const [first, ...rest] = events;
  if (first?.type !== OrderEventType.ORDER_PLACED) throw new Error('An order history starts with ORDER_PLACED');
  const order: ReplayedOrder = { status: 'PENDING', failureReason: null };
  for (const event of rest) {
    switch (event.type) {
      case OrderEventType.ORDER_CONFIRMED:
        order.status = transitionOrderStatus(order.status, 'CONFIRMED');
        break;
      case OrderEventType.COMPENSATION_STARTED:
        order.status = transitionOrderStatus(order.status, 'CANCELLING');
        order.failureReason = reasonOf(event.data);
        break;
      case OrderEventType.ORDER_CANCELLED:
        order.status = transitionOrderStatus(order.status, 'CANCELLED');
        order.failureReason = reasonOf(event.data) ?? order.failureReason;
        break;
      default:
        break;
    }
  }
  return order;
}
