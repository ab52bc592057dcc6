import type { LedgerEntry } from '../payment-gateway-simulator/payment-ledger';
import { INVARIANTS, type RunFacts } from './invariants';
import type { SystemSnapshot } from './system-snapshot';

const PRODUCT = 'product-1';
const t = (second: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, second));

let sequence = 0;
function ledgerEntry(action: LedgerEntry['action'], paymentId: string, reference: string, status: string, amount: number): LedgerEntry {
  sequence += 1;
  return {
    sequence,
    at: t(sequence).toISOString(),
    idempotencyKey: `order:${reference}:${action}`,
    fingerprint: action,
    action,
    paymentId,
    reference,
    response: { status: action === 'authorize' ? 201 : 200, body: { id: paymentId, status, amount, currency: 'USD', reference } },
  };
}

/** A run in which everything held: one order confirmed, one cancelled after its payment was voided. */
function healthyRun(): RunFacts {
  const snapshot: SystemSnapshot = {
    orders: [
      { id: 'confirmed', customerId: 'c1', status: 'CONFIRMED', totalAmount: 1000, currency: 'USD', idempotencyKey: 'k1' },
      { id: 'cancelled', customerId: 'c1', status: 'CANCELLED', totalAmount: 500, currency: 'USD', idempotencyKey: 'k2' },
    ],
    orderItems: [
      { orderId: 'confirmed', productId: PRODUCT, quantity: 2 },
      { orderId: 'cancelled', productId: PRODUCT, quantity: 1 },
    ],
    orderEvents: [
      ...['ORDER_PLACED', 'STOCK_RESERVED', 'PAYMENT_AUTHORIZED', 'PAYMENT_CAPTURED', 'STOCK_COMMITTED', 'ORDER_CONFIRMED'].map(
        (type, index) => ({ orderId: 'confirmed', sequence: index + 1, type, at: t(index) }),
      ),
      ...['ORDER_PLACED', 'STOCK_RESERVED', 'PAYMENT_AUTHORIZED', 'CANCELLATION_REQUESTED', 'COMPENSATION_STARTED', 'PAYMENT_REVERSED', 'STOCK_RELEASED', 'ORDER_CANCELLED'].map(
        (type, index) => ({ orderId: 'cancelled', sequence: index + 1, type, at: t(index) }),
      ),
    ],
    sagas: [
      { orderId: 'confirmed', step: 'DONE', parkedAt: null, lastError: null },
      { orderId: 'cancelled', step: 'DONE', parkedAt: null, lastError: null },
    ],
    unpublishedOutboxMessages: 0,
    inventory: [{ productId: PRODUCT, available: 8, reserved: 0 }],
    reservations: [
      { orderId: 'confirmed', status: 'COMMITTED' },
      { orderId: 'cancelled', status: 'RELEASED' },
    ],
    reservationLines: [
      { orderId: 'confirmed', status: 'COMMITTED', productId: PRODUCT, quantity: 2 },
      { orderId: 'cancelled', status: 'RELEASED', productId: PRODUCT, quantity: 1 },
    ],
    payments: [
      { orderId: 'confirmed', status: 'CAPTURED', amount: 1000, currency: 'USD' },
      { orderId: 'cancelled', status: 'VOIDED', amount: 500, currency: 'USD' },
    ],
    ledger: [
      ledgerEntry('authorize', 'pay_1', 'confirmed', 'authorized', 1000),
      ledgerEntry('capture', 'pay_1', 'confirmed', 'captured', 1000),
      ledgerEntry('authorize', 'pay_2', 'cancelled', 'authorized', 500),
      ledgerEntry('void', 'pay_2', 'cancelled', 'voided', 500),
    ],
  };
  return {
    snapshot,
    initialStock: new Map([[PRODUCT, 10]]),
    workload: {
      ordersByKey: new Map([
        ['k1', new Set(['confirmed'])],
        ['k2', new Set(['cancelled'])],
      ]),
      failedPlacements: [],
      failedCancellations: [],
      cancellationsRequested: 1,
    },
    unfinishedAtDeadline: [],
    settleSeconds: 3,
    unexpectedDeaths: [],
    replays: [
      { service: 'orders', code: 0, output: ['orders: 2 replayed from their events, 0 differ'] },
      { service: 'payments', code: 0, output: ['payments: 2 replayed from their events, 0 differ'] },
    ],
  };
}

/** The names of the invariants that fail for these facts. */
function failing(facts: RunFacts): string[] {
  return INVARIANTS.map((invariant) => invariant(facts)).filter((result) => result.violations.length > 0).map((result) => result.name);
}

describe('chaos invariants', () => {
  it('all hold for a healthy run', () => {
    expect(failing(healthyRun())).toEqual([]);
  });

  it('catch stock that was sold twice', () => {
    const facts = healthyRun();
    facts.snapshot.inventory[0].available = 9;
    expect(failing(facts)).toEqual(['stock never negative and conserved']);
  });

  it('catch a reservation still held by a finished order', () => {
    const facts = healthyRun();
    facts.snapshot.reservations[1].status = 'RESERVED';
    facts.snapshot.reservationLines[1].status = 'RESERVED';
    facts.snapshot.inventory[0] = { productId: PRODUCT, available: 7, reserved: 1 };
    expect(failing(facts)).toEqual(['no live reservation for a finished order']);
  });

  it('catch a second capture at the provider', () => {
    const facts = healthyRun();
    facts.snapshot.ledger.push(ledgerEntry('authorize', 'pay_3', 'confirmed', 'authorized', 1000));
    facts.snapshot.ledger.push(ledgerEntry('capture', 'pay_3', 'confirmed', 'captured', 1000));
    expect(failing(facts)).toEqual(['each CONFIRMED order has exactly one capture of exactly its total, and the provider agrees']);
  });

  it('catch a cancelled order whose money was kept, and a charge for no order', () => {
    const facts = healthyRun();
    facts.snapshot.ledger.pop();
    facts.snapshot.ledger.push(ledgerEntry('authorize', 'pay_9', 'nobody', 'authorized', 100));
    const result = INVARIANTS.map((invariant) => invariant(facts)).find((r) => r.name === 'no CANCELLED order keeps a net charge');
    expect(result?.violations).toEqual([
      'CANCELLED order cancelled: provider payment pay_2 is authorized (500)',
      'provider payments pay_9 for unknown order nobody',
    ]);
  });

  it('catch an order left unfinished, two orders for one key and a history that went back', () => {
    const facts = healthyRun();
    facts.unfinishedAtDeadline = ['confirmed'];
    facts.workload.ordersByKey.set('k1', new Set(['confirmed', 'another']));
    const cancelledEvents = facts.snapshot.orderEvents.filter((event) => event.orderId === 'cancelled');
    cancelledEvents[7].type = 'ORDER_CONFIRMED';
    expect(failing(facts)).toEqual([
      'every order finished within 60 s of the last fault',
      'one order per idempotency key',
      'histories move only forward and end in the current status',
    ]);
  });

  it('catch an undrained outbox, a replay that disagrees and a process that died by itself', () => {
    const facts = healthyRun();
    facts.snapshot.unpublishedOutboxMessages = 2;
    facts.replays[1] = { service: 'payments', code: 1, output: ['payment p (order o): stored status REFUNDED, the events say AUTHORIZED'] };
    facts.unexpectedDeaths = [{ name: 'orders-worker-2', code: 1, signal: null, at: t(30) }];
    expect(failing(facts)).toEqual([
      'the outbox is drained',
      'replay agrees with the stored state',
      'no process died that the suite did not kill',
    ]);
  });
});
