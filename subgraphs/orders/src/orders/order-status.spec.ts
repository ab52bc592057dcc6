import { IllegalOrderTransitionError, ORDER_STATUS_TRANSITIONS, OrderStatus, canTransition, transitionOrderStatus } from './order-status';

describe('transitionOrderStatus', () => {
  it.each([
    ['PENDING', 'CONFIRMED'],
    ['PENDING', 'CANCELLING'],
    ['PENDING', 'CANCELLED'],
    ['CONFIRMED', 'CANCELLING'],
    ['CANCELLING', 'CANCELLED'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(transitionOrderStatus(from, to)).toBe(to);
  });

  it.each([
    ['CONFIRMED', 'PENDING'],
    ['CONFIRMED', 'CANCELLED'],
    ['CANCELLING', 'CONFIRMED'],
    ['CANCELLING', 'PENDING'],
    ['CANCELLED', 'PENDING'],
    ['CANCELLED', 'CONFIRMED'],
    ['CANCELLED', 'CANCELLING'],
    ['PENDING', 'PENDING'],
  ] as const)('refuses %s → %s', (from, to) => {
    expect(() => transitionOrderStatus(from, to)).toThrow(IllegalOrderTransitionError);
    expect(canTransition(from, to)).toBe(false);
  });

  it('treats CANCELLED as terminal and knows every status', () => {
    expect(ORDER_STATUS_TRANSITIONS.CANCELLED).toEqual([]);
    expect(Object.keys(ORDER_STATUS_TRANSITIONS).sort()).toEqual(Object.values(OrderStatus).sort());
  });
});
