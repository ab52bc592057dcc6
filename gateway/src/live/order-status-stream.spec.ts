import type { FormattedExecutionResult } from 'graphql';
import { parse } from 'graphql';
import type { OrderStatusFeed, OrderStatusSignal } from './order-status-feed';
import { STATUS_PROBE_ALIAS, planOrderStatusSubscription, type OrderStatusPlan } from './order-status-operation';
import { OrderStatusStream } from './order-status-stream';

const plan = planOrderStatusSubscription(parse('subscription { orderStatusChanged(id: "o") { id } }')) as OrderStatusPlan;

/** A feed that lets the test signal the watched order. */
function fakeFeed() {
  let listener: ((signal: OrderStatusSignal) => void) | undefined;
  const feed = { watch: (_id: string, l: (signal: OrderStatusSignal) => void) => ((listener = l), () => (listener = undefined)) };
  return { feed: feed as unknown as OrderStatusFeed, signal: () => listener?.({ kind: 'resync' }), watched: () => listener !== undefined };
}

const answer = (status: string): FormattedExecutionResult => ({ data: { orderStatusChanged: { id: 'o', [STATUS_PROBE_ALIAS]: status } } });

async function drain(stream: OrderStatusStream): Promise<unknown[]> {
  const events: unknown[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe('OrderStatusStream', () => {
  it('sends the current state, then each distinct answer, and completes after a terminal status', async () => {
    const { feed, signal, watched } = fakeFeed();
    const answers = [answer('PENDING'), answer('PENDING'), answer('CONFIRMED')];
    const stream = new OrderStatusStream(feed, 'o', plan, async () => answers.shift()!, () => undefined);
    expect(await stream.open()).toBeUndefined();
    signal(); // same answer: no event
    await new Promise(setImmediate);
    signal();
    const events = await drain(stream);
    expect(events).toEqual([{ data: { orderStatusChanged: { id: 'o' } } }, { data: { orderStatusChanged: { id: 'o' } } }]);
    expect(watched()).toBe(false);
  });

  it('refuses to start without the order, returning the errors', async () => {
    const { feed, watched } = fakeFeed();
    const refused = { data: null, errors: [{ message: 'Order o not found', extensions: { code: 'NOT_FOUND' } }] };
    const stream = new OrderStatusStream(feed, 'o', plan, async () => refused, () => undefined);
    expect(await stream.open()).toEqual(refused.errors);
    expect(watched()).toBe(false);
  });

  it('runs once more for signals that arrive while a run is in progress, never twice at once', async () => {
    const { feed, signal } = fakeFeed();
    let running = 0;
    let runs = 0;
    let release!: () => void;
    const stream = new OrderStatusStream(
      feed,
      'o',
      plan,
      async () => {
        running += 1;
        runs += 1;
        expect(running).toBe(1);
        if (runs === 2) await new Promise<void>((resolve) => (release = resolve));
        running -= 1;
        return answer(runs >= 3 ? 'CANCELLED' : 'PENDING');
      },
      () => undefined,
    );
    await stream.open();
    signal(); // run 2 starts and waits
    signal(); // coalesced...
    signal(); // ...into one more run
    release();
    await drain(stream);
    expect(runs).toBe(3);
  });

  it("ends the stream with the pipeline's error once the subscriber's token lapses, without any announcement", async () => {
    jest.useFakeTimers();
    try {
      const { feed, watched } = fakeFeed();
      const lapsed = { errors: [{ message: 'Token expired', extensions: { code: 'UNAUTHENTICATED' } }] };
      const answers: FormattedExecutionResult[] = [answer('PENDING'), lapsed];
      const stream = new OrderStatusStream(feed, 'o', plan, async () => answers.shift()!, () => undefined);
      await stream.open();
      stream.recheckAt(Date.now() + 60_000);
      jest.advanceTimersByTime(60_000);
      expect(await drain(stream)).toEqual([{ data: { orderStatusChanged: { id: 'o' } } }, lapsed]);
      expect(watched()).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });
});
