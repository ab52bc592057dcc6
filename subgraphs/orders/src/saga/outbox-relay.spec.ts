import { setTimeout as sleep } from 'node:timers/promises';
import type { OrdersConfig } from '../config';
import type { PrismaService } from '../prisma/prisma.service';
import type { CheckoutQueuesService } from './checkout-queues.service';
import type { OutboxRecord } from './checkout-transitions';
import type { OrderStatusStreamPublisher } from './order-status-stream.publisher';
import { OutboxRelay } from './outbox-relay';

/** Marking published messages: the part of the relay that needs no Redis to be checked. */
describe(`${OutboxRelay.name} marking`, () => {
  let marked: string[][];
  let published: string[];
  let relay: OutboxRelay;

  beforeEach(() => {
    marked = [];
    published = [];
    const prisma = {
      // The tagged template's first value is the JSON array of ids.
      $executeRaw: jest.fn(async (_sql: TemplateStringsArray, ids: string) => {
        marked.push(JSON.parse(ids) as string[]);
        return 1;
      }),
    };
    const queues = { publishMany: jest.fn(async (jobs: OutboxRecord[]) => void published.push(...jobs.map((job) => job.jobId))) };
    relay = new OutboxRelay(
      prisma as unknown as PrismaService,
      queues as unknown as CheckoutQueuesService,
      {} as OrderStatusStreamPublisher,
      { saga: { outboxIntervalMs: 2_000 } } as OrdersConfig,
    );
  });

  afterEach(() => relay.onModuleDestroy());

  let nextId = 1;
  function job(): OutboxRecord {
    const id = nextId++;
    return { id: BigInt(id), queue: 'checkout-reserve-stock', jobName: 'RESERVE_STOCK', jobId: `job-${id}`, payload: {}, createdAt: new Date() };
  }

  const untilPublished = async (count: number) => {
    while (published.length < count) await sleep(1);
  };

  it('marks the messages of commits published close together in one statement', async () => {
    const commits = [[job()], [job(), job()], [job()]];
    for (const messages of commits) {
      relay.publish(messages);
      await untilPublished(published.length + messages.length);
    }
    expect(marked).toEqual([]);

    await sleep(250);
    expect(marked).toEqual([commits.flat().map((message) => String(message.id))]);
  });

  it('marks at once what is published when it stops', async () => {
    const messages = [job(), job()];
    relay.publish(messages);
    await untilPublished(2);

    await relay.onModuleDestroy();
    expect(marked).toEqual([messages.map((message) => String(message.id))]);
  });
});
