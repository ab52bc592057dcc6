import {
  IllegalPaymentTransitionError,
  PAYMENT_TRANSITIONS,
  PaymentStatus,
  assertTransition,
  canTransition,
  isFinal,
} from './payment-status';

describe('payment status transitions', () => {
  it.each([
    ['PENDING', 'AUTHORIZED'],
    ['PENDING', 'DECLINED'],
    ['AUTHORIZED', 'CAPTURED'],
    ['AUTHORIZED', 'VOIDED'],
    ['CAPTURED', 'REFUNDED'],
  ] as const)('allows %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it.each([
    ['PENDING', 'CAPTURED'],
    ['PENDING', 'VOIDED'],
    ['AUTHORIZED', 'REFUNDED'],
    ['AUTHORIZED', 'DECLINED'],
    ['CAPTURED', 'VOIDED'],
    ['DECLINED', 'AUTHORIZED'],
    ['VOIDED', 'CAPTURED'],
    ['REFUNDED', 'CAPTURED'],
    ['AUTHORIZED', 'AUTHORIZED'],
  ] as const)('refuses %s -> %s as a bug', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => assertTransition(from, to)).toThrow(IllegalPaymentTransitionError);
  });

  it('has an entry for every status, and only DECLINED, VOIDED and REFUNDED are final', () => {
    expect(Object.keys(PAYMENT_TRANSITIONS).sort()).toEqual(Object.values(PaymentStatus).sort());
    const finals = Object.values(PaymentStatus).filter(isFinal);
    expect(finals.sort()).toEqual(['DECLINED', 'REFUNDED', 'VOIDED']);
  });
});
