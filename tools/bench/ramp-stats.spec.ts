import { cannotKeepUp, finalStateProblem, percentile, summarizeStages, summarizeWhole, type PlacedOrder, type StageRun } from './ramp-stats';

const T0 = Date.UTC(2026, 11, 3, 12, 0, 0);

function order(id: string, stage: number, sentAfterMs: number, settled?: { status: 'CONFIRMED' | 'CANCELLED'; afterMs: number; reason?: string }): PlacedOrder {
  return {
    id,
    stage,
    sentAt: T0 + sentAfterMs,
    card: 'approve',
    productId: 'p1',
    ...(settled ? { status: settled.status, settledAt: T0 + settled.afterMs, failureReason: settled.reason ?? null } : {}),
  };
}

describe('percentile', () => {
  it('takes the nearest rank, whatever the order of the values', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  it('has no value for no values', () => {
    expect(percentile([], 50)).toBeUndefined();
  });
});

describe('cannotKeepUp', () => {
  it('accepts a steady backlog', () => {
    expect(cannotKeepUp(50, 40, 45)).toBe(false);
  });

  it('flags a backlog that grew by more than two seconds of offered load over the second half', () => {
    expect(cannotKeepUp(50, 40, 141)).toBe(true);
  });

  it('flags a backlog of more than ten seconds of offered load even when it stopped growing', () => {
    expect(cannotKeepUp(10, 110, 110)).toBe(true);
  });
});

describe('summarizeStages', () => {
  const run = (offeredPerSecond: number, startMs: number): StageRun => ({
    offeredPerSecond,
    start: T0 + startMs,
    end: T0 + startMs + 10_000,
    placeErrors: 0,
    backlogMid: 2,
    backlogEnd: 1,
    cpuMs: new Map([['orders', 400], ['gateway', 100]]),
  });

  it('attributes orders to the stage that placed them, counts them at the stage end and measures latency to CONFIRMED', () => {
    const orders = [
      order('a', 0, 1_000, { status: 'CONFIRMED', afterMs: 1_300 }),
      order('b', 0, 2_000, { status: 'CANCELLED', afterMs: 2_500, reason: 'Payment declined: card_declined' }),
      order('c', 0, 9_000, { status: 'CONFIRMED', afterMs: 12_000 }), // confirmed during stage 2
      order('d', 1, 11_000),
    ];
    const [first, second] = summarizeStages([run(5, 0), run(10, 10_000)], orders);

    expect(first).toMatchObject({ placed: 3, confirmed: 1, cancelled: 1, open: 1, backlogEnd: 1, p50Ms: 300, p99Ms: 3_000 });
    expect(first!.confirmedPerSecond).toBeCloseTo(0.1);
    expect(first!.cpuMsPerOrder.get('orders')).toBeCloseTo(400 / 3);
    expect(first!.cpuPercentOfCore).toBeCloseTo(5); // 500 ms of CPU in 10 s

    expect(second).toMatchObject({ placed: 1, confirmed: 0, open: 1, backlogEnd: 1, p50Ms: undefined });
    expect(second!.confirmedPerSecond).toBeCloseTo(0.1); // order c
  });

  it('sums up the whole ramp over every order, whichever stage placed it', () => {
    const orders = [
      order('a', 0, 1_000, { status: 'CONFIRMED', afterMs: 1_300 }),
      order('c', 1, 9_000, { status: 'CONFIRMED', afterMs: 12_000 }),
    ];
    const whole = summarizeWhole({ ...run(0, 0), end: T0 + 20_000 }, orders);
    expect(whole).toMatchObject({ placed: 2, confirmed: 2, open: 0, p50Ms: 300, p99Ms: 3_000 });
    expect(whole.cpuMsPerOrder.get('orders')).toBe(200);
  });
});

describe('finalStateProblem', () => {
  it('accepts an approved card confirmed, or cancelled for want of stock', () => {
    expect(finalStateProblem(order('a', 0, 0, { status: 'CONFIRMED', afterMs: 1 }))).toBeUndefined();
    expect(finalStateProblem(order('a', 0, 0, { status: 'CANCELLED', afterMs: 1, reason: 'Insufficient stock' }))).toBeUndefined();
  });

  it('refuses an approved card cancelled for another reason, and an open order', () => {
    expect(finalStateProblem(order('a', 0, 0, { status: 'CANCELLED', afterMs: 1, reason: 'Checkout expired' }))).toMatch(/approving card ended CANCELLED: Checkout expired/);
    expect(finalStateProblem(order('a', 0, 0))).toMatch(/still open/);
  });

  it('wants a declined card to end CANCELLED with the decline as its reason', () => {
    const declined = { ...order('d', 0, 0), card: 'decline' as const };
    expect(finalStateProblem({ ...declined, status: 'CANCELLED', failureReason: 'Payment declined: card_declined' })).toBeUndefined();
    expect(finalStateProblem({ ...declined, status: 'CONFIRMED', failureReason: null })).toMatch(/declining card ended CONFIRMED/);
  });
});
