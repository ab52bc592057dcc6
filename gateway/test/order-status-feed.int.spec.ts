import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { orderStatusStreamKey } from '@retail/common';
import { OrderStatusFeed, type OrderStatusSignal } from '../src/live/order-status-feed';

/** A private Redis this test may stop and start again (the shared one must never be restarted). */
const PORT = Number(process.env.LIVE_TEST_REDIS_PORT ?? 5290);
const REDIS_URL = `redis://127.0.0.1:${PORT}`;

async function startRedis(): Promise<ChildProcess> {
  const server = spawn('redis-server', ['--port', String(PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Keep reading its output (a closed pipe would stop the server) until it says it is ready.
  let output = '';
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on('data', (chunk: Buffer) => {
      output += String(chunk);
      if (output.includes('Ready to accept connections')) resolve();
    });
    server.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
  });
  return server;
}

async function stopRedis(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  server.kill('SIGKILL');
  await once(server, 'exit');
}

/** Collects the signals one watcher hears, and lets a test wait for the next that matches. */
function listen(feed: OrderStatusFeed, orderId: string) {
  const heard: OrderStatusSignal[] = [];
  const waiters: { match: (s: OrderStatusSignal) => boolean; resolve: (s: OrderStatusSignal) => void }[] = [];
  const unwatch = feed.watch(orderId, (signal) => {
    heard.push(signal);
    for (const waiter of waiters.filter((w) => w.match(signal))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(signal);
    }
  });
  const next = (match: (s: OrderStatusSignal) => boolean) =>
    new Promise<OrderStatusSignal>((resolve) => {
      const seen = heard.find(match);
      if (seen) {
        heard.splice(heard.indexOf(seen), 1);
        resolve(seen);
      } else waiters.push({ match, resolve });
    });
  return { heard, next, unwatch };
}

const status = (value: string) => (signal: OrderStatusSignal) => signal.kind === 'status' && signal.announcement.status === value;

describe('OrderStatusFeed on a Redis that restarts', () => {
  const streamKey = orderStatusStreamKey(`live-test-${randomUUID()}`);
  let redis: ChildProcess;
  let publisher: Redis;
  let feeds: OrderStatusFeed[] = [];

  const announce = (orderId: string, value: string) =>
    publisher.xadd(streamKey, '*', 'orderId', orderId, 'status', value, 'at', new Date().toISOString());

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    redis = await startRedis();
    publisher = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    publisher.on('error', () => undefined);
  });

  afterEach(async () => {
    await Promise.all(feeds.map((feed) => feed.stop()));
    feeds = [];
  });

  afterAll(async () => {
    publisher?.disconnect();
    await stopRedis(redis);
    jest.restoreAllMocks();
  });

  const startFeed = async () => {
    const feed = new OrderStatusFeed({ redisUrl: REDIS_URL, streamKey, blockMs: 1_000 });
    feeds.push(feed);
    feed.start();
    await feed.positioned;
    return feed;
  };

  it('tells every gateway instance of each announcement of a watched order, and nobody else', async () => {
    const [first, second] = [await startFeed(), await startFeed()];
    const onFirst = listen(first, 'order-1');
    const onSecond = listen(second, 'order-1');
    const unrelated = listen(first, 'order-2');

    await announce('order-1', 'PENDING');
    await announce('order-1', 'CONFIRMED');

    for (const watcher of [onFirst, onSecond]) {
      expect(await watcher.next(status('PENDING'))).toMatchObject({ announcement: { orderId: 'order-1' } });
      await watcher.next(status('CONFIRMED'));
    }
    expect(unrelated.heard).toEqual([]);

    onFirst.unwatch();
    unrelated.unwatch();
    expect(first.watchedOrders).toBe(0);
  });

  it('asks every watcher to look again after Redis comes back, and keeps reading the stream', async () => {
    const feed = await startFeed();
    const watcher = listen(feed, 'order-3');
    await announce('order-3', 'PENDING');
    await watcher.next(status('PENDING'));

    await stopRedis(redis);
    redis = await startRedis(); // empty: whatever was announced meanwhile is gone, hence the resync
    expect(await watcher.next((signal) => signal.kind === 'resync')).toEqual({ kind: 'resync' });

    await announce('order-3', 'CANCELLED');
    await watcher.next(status('CANCELLED'));
  });
});
