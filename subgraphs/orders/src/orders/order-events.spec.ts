import { OrderEventType, replayOrderEvents, type RecordedOrderEvent } from './order-events';

const event = (type: string, data: unknown = {}): RecordedOrderEvent => ({ type, data });

describe('replayOrderEvents', () => {
  it('keeps a just-placed order PENDING', () => {
    expect(replayOrderEvents([event(OrderEventType.ORDER_PLACED)])).toEqual({ status: 'PENDING', failureReason: null });
  });

  it('confirms an order whose checkout completed', () => {
    const history = [
      OrderEventType.ORDER_PLACED,
      OrderEventType.STOCK_RESERVED,
      OrderEventType.PAYMENT_AUTHORIZED,
      OrderEventType.PAYMENT_CAPTURED,
      OrderEventType.STOCK_COMMITTED,
      OrderEventType.ORDER_CONFIRMED,
    ].map((type) => event(type));
    expect(replayOrderEvents(history)).toEqual({ status: 'CONFIRMED', failureReason: null });
  });

  it('cancels a declined order with the decline as failure reason', () => {
    const reason = 'Payment declined: card declined';
    const history = [
      event(OrderEventType.ORDER_PLACED),
      event(OrderEventType.STOCK_RESERVED),
      event(OrderEventType.PAYMENT_DECLINED, { reason }),
      event(OrderEventType.COMPENSATION_STARTED, { reason }),
    ];
    expect(replayOrderEvents(history)).toEqual({ status: 'CANCELLING', failureReason: reason });
    const finished = [...history, event(OrderEventType.STOCK_RELEASED), event(OrderEventType.ORDER_CANCELLED, { reason })];
    expect(replayOrderEvents(finished)).toEqual({ status: 'CANCELLED', failureReason: reason });
  });

  it('keeps a PENDING order PENDING when only a cancellation was requested', () => {
    const history = [event(OrderEventType.ORDER_PLACED), event(OrderEventType.CANCELLATION_REQUESTED)];
    expect(replayOrderEvents(history).status).toBe('PENDING');
  });

  it('cancels a confirmed order the customer cancelled', () => {
    const reason = 'Cancelled by customer';
    const history = [
      event(OrderEventType.ORDER_PLACED),
      event(OrderEventType.ORDER_CONFIRMED),
      event(OrderEventType.CANCELLATION_REQUESTED),
      event(OrderEventType.COMPENSATION_STARTED, { reason }),
      event(OrderEventType.PAYMENT_REVERSED),
      event(OrderEventType.STOCK_RELEASED),
      event(OrderEventType.ORDER_CANCELLED, { reason }),
    ];
    expect(replayOrderEvents(history)).toEqual({ status: 'CANCELLED', failureReason: reason });
  });

  it('refuses a history that breaks the status transition table', () => {
    const history = [event(OrderEventType.ORDER_PLACED), event(OrderEventType.ORDER_CANCELLED), event(OrderEventType.ORDER_CONFIRMED)];
    expect(() => replayOrderEvents(history)).toThrow('cannot go from CANCELLED to CONFIRMED');
  });

  it('refuses a history that does not start with ORDER_PLACED', () => {
    expect(() => replayOrderEvents([event(OrderEventType.ORDER_CONFIRMED)])).toThrow('starts with ORDER_PLACED');
    expect(() => replayOrderEvents([])).toThrow('starts with ORDER_PLACED');
  });
});
