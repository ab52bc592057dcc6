import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import * as mariadb from 'mariadb';
import { createTestDatabase, type TestDatabase } from '@test/databases';
import { runUnderConnectionDrops } from '@test/connection-drops';
import type { PaymentsConfig } from '../src/config';
import { PrismaService } from '../src/prisma/prisma.service';

/**
 * MariaDB killing the payments database's connections (`KILL`, a restart, `wait_timeout`) must not take the
 * process down: the query in flight fails, the pool replaces the connection, the next one succeeds.
 */
describe('payments database connections killed by the server', () => {
  let database: TestDatabase;
  let prisma: PrismaService;
  let admin: mariadb.Connection;
  let databaseName: string;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase('payments');
    const url = new URL(database.url);
    databaseName = url.pathname.slice(1);
    prisma = new PrismaService({ databaseUrl: database.url } as PaymentsConfig);
    admin = await mariadb.createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password),
    });
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await admin?.end();
    await database?.drop();
    Logger.overrideLogger(['log', 'error', 'warn']);
  });

  const killed: number[] = [];

  /** Waits until the killed connections are gone from the server, as the pool then sees them closed too. */
  async function untilKilledConnectionsGone(): Promise<void> {
    for (;;) {
      const rows: { left: bigint | number }[] = await admin.query(
        `SELECT count(*) AS \`left\` FROM information_schema.processlist WHERE id IN (${killed.map(Number).join(',') || '0'})`,
      );
      if (Number(rows[0].left) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }

  /** Kills every connection to the test database but the admin's own; returns how many. */
  async function killConnections(): Promise<number> {
    const rows: { id: number }[] = await admin.query(
      'SELECT id FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID()',
      [databaseName],
    );
    let count = 0;
    for (const { id } of rows) {
      killed.push(Number(id));
      // A connection may close by itself between the listing and the KILL.
      count += await admin.query(`KILL ${Number(id)}`).then(
        () => 1,
        () => 0,
      );
    }
    return count;
  }

  /** What the payments subgraph does: a transaction writing a payment and its first event, and reads. */
  async function recordAndRead(index: number): Promise<void> {
    if (index % 2 === 1) {
      await prisma.payment.findMany({ take: 5, orderBy: { createdAt: 'desc' } });
      await prisma.$queryRaw`SELECT SLEEP(0.02) AS slow`;
      return;
    }
    await prisma.$transaction(async (tx) => {
      const payment = await tx.payment.create({
        data: { orderId: randomUUID(), customerId: randomUUID(), amount: 100 + index, currency: 'USD' },
      });
      await new Promise((resolve) => setTimeout(resolve, 10));
      await tx.$queryRaw`SELECT SLEEP(0.01) AS held`;
      await tx.paymentEvent.create({ data: { paymentId: payment.id, sequence: 1, type: 'PAYMENT_REQUESTED', data: {} } });
    });
  }

  it('fails the transaction whose connection was killed, and the next one succeeds', async () => {
    const doomed = prisma.$transaction(async (tx) => {
      const [{ id }] = await tx.$queryRaw<{ id: bigint }[]>`SELECT CONNECTION_ID() AS id`;
      await admin.query(`KILL ${Number(id)}`);
      await tx.payment.count();
    });
    await expect(doomed).rejects.toThrow();

    await expect(prisma.payment.count()).resolves.toBeGreaterThanOrEqual(0);
  });

  it('replaces idle connections the server killed', async () => {
    await Promise.all(Array.from({ length: 5 }, (_, index) => recordAndRead(index)));
    expect(await killConnections()).toBeGreaterThan(0);
    await untilKilledConnectionsGone();

    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, index) => recordAndRead(index)));
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
  });

  it('keeps serving under load while every connection is killed again and again', async () => {
    const outcome = await runUnderConnectionDrops({
      operation: recordAndRead,
      terminate: killConnections,
      operations: 400,
      lanes: 12,
      terminateEvery: 10,
    });
    expect(outcome.terminated).toBeGreaterThan(0);
    expect(outcome.succeeded).toBeGreaterThan(0);
    for (const message of outcome.failures.keys()) {
      expect(message).toMatch(/closed|EPIPE|ECONNRESET|killed|interrupted|socket|connection/i);
    }
    await untilKilledConnectionsGone();
    const after = await Promise.allSettled(Array.from({ length: 20 }, (_, index) => recordAndRead(index)));
    expect(after.filter((result) => result.status === 'rejected')).toEqual([]);
  });
});
