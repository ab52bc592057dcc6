import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@test/databases';
import { runUnderConnectionDrops } from '@test/connection-drops';
import type { OrdersConfig } from '../src/config';
import { PrismaService } from '../src/prisma/prisma.service';

/**
 * PostgreSQL terminating the orders database's connections (failover, restart, `pg_terminate_backend`) must
 * not take the process down: the query in flight fails, the pool replaces the connection, the next one succeeds.
 * Without the pool's own listeners (`resilientPgPool`), the load test fails with an unhandled 'error' (57P01).
 */
describe('orders database connections dropped by the server', () => {
  let database: TestDatabase;
  let prisma: PrismaService;
  let admin: Client;
  let databaseName: string;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase('orders');
    databaseName = new URL(database.url).pathname.slice(1);
    prisma = new PrismaService({ databaseUrl: database.url } as OrdersConfig);
    admin = new Client({ connectionString: database.url });
    await admin.connect();
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await admin?.end();
    await database?.drop();
    Logger.overrideLogger(['log', 'error', 'warn']);
  });

  const terminated: number[] = [];

  /** Terminates every connection to the test database but the admin's own; returns how many. */
  async function terminateBackends(): Promise<number> {
    const { rows } = await admin.query<{ pid: number; terminated: boolean }>(
      `SELECT pid, pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [databaseName],
    );
    const pids = rows.filter((row) => row.terminated).map((row) => row.pid);
    terminated.push(...pids);
    return pids.length;
  }

  /**
   * Waits until the terminated backends have exited. `pg_terminate_backend` only signals; until a backend has
   * gone, its client may still look idle to the pool, and a query sent on it fails like one in flight.
   */
  async function untilTerminatedBackendsExited(): Promise<void> {
    for (;;) {
      const { rows } = await admin.query<{ left: number }>(
        'SELECT count(*)::int AS left FROM pg_stat_activity WHERE pid = ANY($1::int[])',
        [terminated],
      );
      if (rows[0].left === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // The client sockets' close events are handled on the next turns of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }

  /** What the orders subgraph does: a transaction writing an order and its first event, and reads. */
  async function placeAndRead(index: number): Promise<void> {
    if (index % 2 === 1) {
      await prisma.order.findMany({ take: 5, orderBy: { createdAt: 'desc' } });
      await prisma.$queryRaw`SELECT 1 AS slow FROM pg_sleep(0.02)`;
      return;
    }
    await prisma.$transaction(async (tx) => {
      const order = await tx.order.create({
        data: { customerId: randomUUID(), totalAmount: 100 + index, currency: 'USD' },
      });
      // Holds the transaction open, between queries and inside one, so terminations land in both places.
      await new Promise((resolve) => setTimeout(resolve, 10));
      await tx.$queryRaw`SELECT 1 AS held FROM pg_sleep(0.01)`;
      await tx.orderEvent.create({ data: { orderId: order.id, sequence: 1, type: 'ORDER_PLACED' } });
    });
  }

  it('fails the transaction whose connection was terminated, and the next one succeeds', async () => {
    let backend = 0;
    const doomed = prisma.$transaction(async (tx) => {
      const [{ pid }] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
      backend = pid;
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      await tx.order.count();
    });
    await expect(doomed).rejects.toThrow();
    expect(backend).toBeGreaterThan(0);

    await expect(prisma.order.count()).resolves.toBeGreaterThanOrEqual(0);
  });

  it('replaces idle connections the server terminated', async () => {
    await Promise.all(Array.from({ length: 5 }, (_, index) => placeAndRead(index)));
    expect(await terminateBackends()).toBeGreaterThan(0);
    await untilTerminatedBackendsExited();

    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, index) => placeAndRead(index)));
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
  });

  it('keeps serving under load while every connection is terminated again and again', async () => {
    const outcome = await runUnderConnectionDrops({
      operation: placeAndRead,
      terminate: terminateBackends,
      operations: 400,
      lanes: 12,
      terminateEvery: 10,
    });
    expect(outcome.terminated).toBeGreaterThan(0);
    expect(outcome.succeeded).toBeGreaterThan(0);

    // Every failure was the dropped connection, never anything else.
    for (const message of outcome.failures.keys()) {
      expect(message).toMatch(/terminat|connection|Connection|closed|ECONNRESET|not queryable/);
    }
    // Once the last terminated backend has gone, every request succeeds again.
    await untilTerminatedBackendsExited();
    const after = await Promise.allSettled(Array.from({ length: 20 }, (_, index) => placeAndRead(index)));
    expect(after.filter((result) => result.status === 'rejected')).toEqual([]);
  });
});
