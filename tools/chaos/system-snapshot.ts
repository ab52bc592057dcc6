import * as mariadb from 'mariadb';
import { Client } from 'pg';
import type { LedgerEntry } from '../payment-gateway-simulator/payment-ledger';
import { CHAOS_DATABASES, CHAOS_PORTS, CHAOS_SIMULATOR_API_KEY } from './chaos-profile';

/**
 * Everything the invariants look at, read from the chaos system's databases and the simulator's ledger. Each
 * database is read at one instant (a snapshot transaction), so a saga finishing meanwhile cannot show an order
 * in one state and its history in another. Taken once every order has finished, when nothing moves any more.
 */
export interface SystemSnapshot {
  orders: {
    id: string;
    customerId: string;
    status: string;
    totalAmount: number;
    currency: string;
    idempotencyKey: string | null;
  }[];
  orderItems: { orderId: string; productId: string; quantity: number }[];
  orderEvents: { orderId: string; sequence: number; type: string; at: Date }[];
  sagas: { orderId: string; step: string; parkedAt: Date | null; lastError: string | null }[];
  unpublishedOutboxMessages: number;
  inventory: { productId: string; available: number; reserved: number }[];
  reservationLines: { orderId: string; status: string; productId: string; quantity: number }[];
  reservations: { orderId: string; status: string }[];
  payments: { orderId: string; status: string; amount: number; currency: string }[];
  ledger: LedgerEntry[];
}

export async function withPostgres<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Like withPostgres, in one read-only REPEATABLE READ transaction: every query sees the same instant. */
function consistentRead<T>(url: string, read: (client: Client) => Promise<T>): Promise<T> {
  return withPostgres(url, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      return await read(client);
    } finally {
      await client.query('ROLLBACK');
    }
  });
}

/** Order statuses, for the wait until every order is finished. */
export function orderStatusCounts(): Promise<Map<string, number>> {
  return withPostgres(CHAOS_DATABASES.orders, async (orders) => {
    const { rows } = await orders.query<{ status: string; count: number }>(
      'SELECT status::text AS status, count(*)::int AS count FROM "Order" GROUP BY status',
    );
    return new Map(rows.map((row) => [row.status, row.count]));
  });
}

export function unpublishedOutboxCount(): Promise<number> {
  return withPostgres(CHAOS_DATABASES.orders, async (orders) => {
    const { rows } = await orders.query<{ count: number }>('SELECT count(*)::int AS count FROM "OutboxMessage" WHERE "publishedAt" IS NULL');
    return rows[0].count;
  });
}

export async function takeSnapshot(productIds: string[]): Promise<SystemSnapshot> {
  const fromOrders = consistentRead(CHAOS_DATABASES.orders, async (db) => ({
    orders: (
      await db.query(
        'SELECT id, "customerId", status::text AS status, "totalAmount", currency, "idempotencyKey" FROM "Order"',
      )
    ).rows,
    orderItems: (await db.query('SELECT "orderId", "productId", quantity FROM "OrderItem"')).rows,
    orderEvents: (await db.query('SELECT "orderId", sequence, type, at FROM "OrderEvent" ORDER BY "orderId", sequence')).rows,
    sagas: (await db.query('SELECT "orderId", step, "parkedAt", "lastError" FROM "CheckoutSaga"')).rows,
    unpublishedOutboxMessages: (
      await db.query<{ count: number }>('SELECT count(*)::int AS count FROM "OutboxMessage" WHERE "publishedAt" IS NULL')
    ).rows[0].count,
  }));
  const fromCatalog = consistentRead(CHAOS_DATABASES.catalog, async (db) => ({
    inventory: (
      await db.query('SELECT "productId", available, reserved FROM "Inventory" WHERE "productId" = ANY($1::uuid[])', [productIds])
    ).rows,
    reservations: (await db.query('SELECT "orderId", status::text AS status FROM "StockReservation"')).rows,
    reservationLines: (
      await db.query(
        `SELECT r."orderId", r.status::text AS status, l."productId", l.quantity
           FROM "StockReservation" r JOIN "StockReservationLine" l ON l."orderId" = r."orderId"`,
      )
    ).rows,
  }));
  const fromPayments = (async () => {
    const url = new URL(CHAOS_DATABASES.payments);
    const db = await mariadb.createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password),
      database: url.pathname.slice(1),
    });
    try {
      await db.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
      const payments = await db.query('SELECT orderId, status, amount, currency FROM Payment');
      await db.query('ROLLBACK');
      return { payments };
    } finally {
      await db.end();
    }
  })();
  const ledger = fetch(`http://127.0.0.1:${CHAOS_PORTS.paymentGateway}/v1/ledger`, {
    headers: { authorization: `Bearer ${CHAOS_SIMULATOR_API_KEY}` },
  }).then(async (response) => {
    if (!response.ok) throw new Error(`The simulator's ledger answered ${response.status}`);
    return ((await response.json()) as { data: LedgerEntry[] }).data;
  });
  return { ...(await fromOrders), ...(await fromCatalog), ...(await fromPayments), ledger: await ledger };
}
