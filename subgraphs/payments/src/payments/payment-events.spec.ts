import { InvalidPaymentHistoryError, eventTypeFor, replayPaymentEvents } from './payment-events';
import { IllegalPaymentTransitionError, PaymentStatus } from './payment-status';

const history = (...types: string[]) => types.map((type, index) => ({ sequence: index + 1, type }));

describe(replayPaymentEvents.name, () => {
  it('folds a request into PENDING', () => {
    expect(replayPaymentEvents(history('PAYMENT_REQUESTED'))).toBe('PENDING');
  });

  it('folds request, authorization and capture into CAPTURED', () => {
    expect(replayPaymentEvents(history('PAYMENT_REQUESTED', 'PAYMENT_AUTHORIZED', 'PAYMENT_CAPTURED'))).toBe('CAPTURED');
  });

  it('folds a captured then refunded payment into REFUNDED', () => {
    const events = history('PAYMENT_REQUESTED', 'PAYMENT_AUTHORIZED', 'PAYMENT_CAPTURED', 'PAYMENT_REFUNDED');
    expect(replayPaymentEvents(events)).toBe('REFUNDED');
  });

  it('folds an authorized then voided payment into VOIDED', () => {
    expect(replayPaymentEvents(history('PAYMENT_REQUESTED', 'PAYMENT_AUTHORIZED', 'PAYMENT_VOIDED'))).toBe('VOIDED');
  });

  it('orders events by sequence, not by position', () => {
    const events = history('PAYMENT_REQUESTED', 'PAYMENT_DECLINED').reverse();
    expect(replayPaymentEvents(events)).toBe('DECLINED');
  });

  it('rejects a history with a gap in its sequence', () => {
    const events = [
      { sequence: 1, type: 'PAYMENT_REQUESTED' },
      { sequence: 3, type: 'PAYMENT_AUTHORIZED' },
    ];
    expect(() => replayPaymentEvents(events)).toThrow(InvalidPaymentHistoryError);
  });

  it('rejects a history that does not start with the request', () => {
    expect(() => replayPaymentEvents(history('PAYMENT_AUTHORIZED'))).toThrow(IllegalPaymentTransitionError);
  });

  it('rejects a history that breaks the transition table', () => {
    const events = history('PAYMENT_REQUESTED', 'PAYMENT_DECLINED', 'PAYMENT_CAPTURED');
    expect(() => replayPaymentEvents(events)).toThrow(IllegalPaymentTransitionError);
  });

  it('rejects unknown event types and empty histories', () => {
    expect(() => replayPaymentEvents(history('PAYMENT_REQUESTED', 'PAYMENT_TELEPORTED'))).toThrow(InvalidPaymentHistoryError);
    expect(() => replayPaymentEvents([])).toThrow(InvalidPaymentHistoryError);
  });
});

describe(eventTypeFor.name, () => {
  it('names, for every status, the event that replays back to it', () => {
    for (const status of Object.values(PaymentStatus)) {
      const path: Record<PaymentStatus, PaymentStatus[]> = {
        PENDING: [],
        AUTHORIZED: ['AUTHORIZED'],
        DECLINED: ['DECLINED'],
        CAPTURED: ['AUTHORIZED', 'CAPTURED'],
        VOIDED: ['AUTHORIZED', 'VOIDED'],
        REFUNDED: ['AUTHORIZED', 'CAPTURED', 'REFUNDED'],
      };
      const types = ['PAYMENT_REQUESTED', ...path[status].map(eventTypeFor)];
      expect(replayPaymentEvents(history(...types))).toBe(status);
    }
  });
});
