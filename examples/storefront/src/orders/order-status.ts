import type { OrderStatus, PaymentStatus } from '../graphql/operations';

/** What a shopper reads for each order status, and how it is shown. */
const ORDER_STATUS: Record<OrderStatus, { label: string; tone: 'waiting' | 'good' | 'bad'; explanation: string }> = {
  PENDING: { label: 'Processing', tone: 'waiting', explanation: 'We are reserving your items and charging your card.' },
  CONFIRMED: { label: 'Confirmed', tone: 'good', explanation: 'Paid and confirmed. Thank you for your order!' },
  CANCELLING: { label: 'Cancelling', tone: 'waiting', explanation: 'We are releasing your items and returning your payment.' },
  CANCELLED: { label: 'Cancelled', tone: 'bad', explanation: 'This order was cancelled; nothing was charged or the charge was returned.' },
};

const PAYMENT_STATUS: Record<PaymentStatus, string> = {
  PENDING: 'Pending',
  AUTHORIZED: 'Authorized',
  CAPTURED: 'Charged',
  DECLINED: 'Declined',
  VOIDED: 'Voided (never charged)',
  REFUNDED: 'Refunded',
};

export function orderStatusLabel(status: OrderStatus): string {
  return ORDER_STATUS[status].label;
}

export function orderStatusTone(status: OrderStatus): 'waiting' | 'good' | 'bad' {
  return ORDER_STATUS[status].tone;
}

export function orderStatusExplanation(status: OrderStatus): string {
  return ORDER_STATUS[status].explanation;
}

export function paymentStatusLabel(status: PaymentStatus): string {
  return PAYMENT_STATUS[status];
}

/** CONFIRMED and CANCELLED never change again: the live status stream ends after them. */
export function isTerminalStatus(status: OrderStatus): boolean {
  return status === 'CONFIRMED' || status === 'CANCELLED';
}

/** The API cancels PENDING and CONFIRMED orders (a confirmed one is refunded). */
export function isCancellable(status: OrderStatus): boolean {
  return status === 'PENDING' || status === 'CONFIRMED';
}

/** The payment simulator's test cards: what a shopper picks at checkout in this demo shop. */
export const TEST_CARDS = [
  { token: 'tok_visa', label: 'Visa ending 4242', outcome: 'approved' },
  { token: 'tok_chargeDeclined', label: 'Card that is declined', outcome: 'declined by the bank' },
  { token: 'tok_processingError', label: 'Card behind a flaky processor', outcome: 'approved after retries, charged once' },
] as const;

export type TestCardToken = (typeof TEST_CARDS)[number]['token'];
