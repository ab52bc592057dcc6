import { randomUUID } from 'node:crypto';
import * as mariadb from 'mariadb';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@test/databases';
import { runCli } from '../cli';

/**
 * `db replay orders|payments` rebuilds every row from its events (the services' built replay checks, so run
 * after `npm run build`) and lists the rows whose stored state differs.
 */
describe('database CLI: replay', () => {
  let orders: TestDatabase;
  let payments: TestDatabase;
  let pg: Client;
  let maria: mariadb.Connection;
  let env: NodeJS.ProcessEnv;
  let output: string[];
  const out = (line: string) => output.push(line);

  beforeAll(async () => {
    [orders, payments] = await Promise.all([createTestDatabase('orders'), createTestDatabase('payments')]);
    env = { ...process.env, ORDERS_DATABASE_URL: orders.url, PAYMENTS_DATABASE_URL: payments.url };
    pg = new Client({ connectionString: orders.url });
    await pg.connect();
    const url = new URL(payments.url);
    maria = await mariadb.createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password),
      database: url.pathname.slice(1),
    });
  });

  beforeEach(() => {
    output = [];
  });

  afterAll(async () => {
    await pg?.end();
    await maria?.end();
    await Promise.all([orders?.drop(), payments?.drop()]);
  });

  async function storeOrder(status: string, failureReason: string | null, events: [string, object?][]): Promise<string> {
    const id = randomUUID();
    await pg.query(
      `INSERT INTO "Order" (id, "customerId", status, "totalAmount", currency, "failureReason", "updatedAt")
       VALUES ($1, $2, $3, 1000, 'USD', $4, now())`,
      [id, randomUUID(), status, failureReason],
    );
    for (const [index, [type, data]] of events.entries()) {
      await pg.query('INSERT INTO "OrderEvent" ("orderId", sequence, type, data) VALUES ($1, $2, $3, $4)', [
        id,
        index + 1,
        type,
        JSON.stringify(data ?? {}),
      ]);
    }
    return id;
  }

  async function storePayment(status: string, events: string[]): Promise<string> {
    const id = randomUUID();
    await maria.query(
      `INSERT INTO Payment (id, orderId, customerId, amount, currency, status, updatedAt)
       VALUES (?, ?, ?, 1000, 'USD', ?, NOW(3))`,
      [id, randomUUID(), randomUUID(), status],
    );
    for (const [index, type] of events.entries()) {
      await maria.query('INSERT INTO PaymentEvent (paymentId, sequence, type, data) VALUES (?, ?, ?, ?)', [
        id,
        index + 1,
        type,
        '{}',
      ]);
    }
    return id;
  }

  it('passes when every order agrees with its events', async () => {
    await storeOrder('CONFIRMED', null, [['ORDER_PLACED'], ['STOCK_RESERVED'], ['ORDER_CONFIRMED']]);
    const reason = 'Payment declined: card declined';
    await storeOrder('CANCELLED', reason, [
      ['ORDER_PLACED'],
      ['PAYMENT_DECLINED', { reason }],
      ['COMPENSATION_STARTED', { reason }],
      ['ORDER_CANCELLED'],
    ]);
    await expect(runCli(['replay', 'orders'], env, out)).resolves.toBe(0);
    expect(output).toEqual(['orders: 2 replayed from their events, 0 differ']);
  });

  it('lists each order whose stored state its events do not lead to, and fails', async () => {
    const wrongStatus = await storeOrder('CONFIRMED', null, [['ORDER_PLACED'], ['STOCK_RESERVED']]);
    const wrongReason = await storeOrder('CANCELLED', 'made up', [
      ['ORDER_PLACED'],
      ['COMPENSATION_STARTED', { reason: 'Not enough stock' }],
      ['ORDER_CANCELLED'],
    ]);
    const broken = await storeOrder('CANCELLED', null, [['ORDER_PLACED'], ['ORDER_CANCELLED'], ['ORDER_CONFIRMED']]);

    await expect(runCli(['replay', 'orders'], env, out)).resolves.toBe(1);
    expect(output).toEqual(
      expect.arrayContaining([
        `order ${wrongStatus}: stored status CONFIRMED, the events say PENDING`,
        `order ${wrongReason}: stored failure reason "made up", the events say "Not enough stock"`,
        `order ${broken}: the history does not replay: An order cannot go from CANCELLED to CONFIRMED`,
        'orders: 5 replayed from their events, 3 differ',
      ]),
    );
    expect(output).toHaveLength(4);
  });

  it('checks payments the same way', async () => {
    await storePayment('CAPTURED', ['PAYMENT_REQUESTED', 'PAYMENT_AUTHORIZED', 'PAYMENT_CAPTURED']);
    await expect(runCli(['replay', 'payments'], env, out)).resolves.toBe(0);
    expect(output).toEqual(['payments: 1 replayed from their events, 0 differ']);

    output = [];
    const drifted = await storePayment('REFUNDED', ['PAYMENT_REQUESTED', 'PAYMENT_AUTHORIZED']);
    await expect(runCli(['replay', 'payments'], env, out)).resolves.toBe(1);
    expect(output).toContainEqual(expect.stringMatching(new RegExp(`^payment ${drifted} \\(order .+\\): stored status REFUNDED, the events say AUTHORIZED$`)));
  });

  it('explains itself for a service without events', async () => {
    await expect(runCli(['replay', 'catalog'], env, out)).resolves.toBe(2);
    expect(output).toEqual(['Usage: node tools/dist/db/cli.js replay <orders|payments>']);
  });
});
