import type { Order as OrderRecord } from '../generated/prisma/client';
import { eventsAsOf, isOrderAsOf, orderAsOf } from './order-as-of';
import { OrderEventType } from './order-events';

const t = (second: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, second));

const order: OrderRecord = {
  id: '3f0c0b1e-8d4a-4c55-9d43-0d6f3f2d9a11',
  customerId: '0b5d3c1a-1111-4e2b-8c7d-2a9a4f6b7c8d',
  status: 'CANCELLED',
  totalAmount: 2599,
  currency: 'USD',
  idempotencyKey: null,
  failureReason: 'Payment declined: card declined',
  createdAt: t(0),
  updatedAt: t(9),
};

const events = [
  { type: OrderEventType.ORDER_PLACED, data: {}, at: t(0) },
  { type: OrderEventType.STOCK_RESERVED, data: {}, at: t(2) },
  { type: OrderEventType.PAYMENT_DECLINED, data: { reason: order.failureReason }, at: t(4) },
  { type: OrderEventType.COMPENSATION_STARTED, data: { reason: order.failureReason }, at: t(4) },
  { type: OrderEventType.STOCK_RELEASED, data: {}, at: t(6) },
  { type: OrderEventType.ORDER_CANCELLED, data: {}, at: t(9) },
];

describe('orderAsOf', () => {
  it('is null before the order was placed', () => {
    expect(orderAsOf(order, events, new Date(t(0).getTime() - 1))).toBeNull();
  });

  it('is PENDING between placing and the first change of status', () => {
    expect(orderAsOf(order, events, t(3))).toMatchObject({ status: 'PENDING', failureReason: null, updatedAt: t(2), asOf: t(3) });
  });

  it('counts events at exactly asOf', () => {
    expect(orderAsOf(order, events, t(4))).toMatchObject({ status: 'CANCELLING', failureReason: order.failureReason });
  });

  it('is the stored state once every event has happened', () => {
    expect(orderAsOf(order, events, t(60))).toMatchObject({ status: 'CANCELLED', failureReason: order.failureReason, updatedAt: t(9) });
  });

  it('keeps what never changes after placing', () => {
    expect(orderAsOf(order, events, t(3))).toMatchObject({ id: order.id, totalAmount: 2599, createdAt: t(0) });
  });
});

describe('eventsAsOf and isOrderAsOf', () => {
  it('lists the events up to asOf, oldest first', () => {
    expect(eventsAsOf(events, t(4)).map((event) => event.type)).toEqual([
      OrderEventType.ORDER_PLACED,
      OrderEventType.STOCK_RESERVED,
      OrderEventType.PAYMENT_DECLINED,
      OrderEventType.COMPENSATION_STARTED,
    ]);
  });

  it('tells an order as of an instant from a stored one', () => {
    expect(isOrderAsOf(order)).toBe(false);
    expect(isOrderAsOf(orderAsOf(order, events, t(3))!)).toBe(true);
  });
});
