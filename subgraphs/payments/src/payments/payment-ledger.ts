import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { resilientMariaDbPool } from '@retail/common';
import type * as mariadb from 'mariadb';
import { PAYMENTS_CONFIG, type PaymentsConfig } from '../config';
import { PaymentEventType, eventTypeFor } from './payment-events';
import type { PaymentStatus } from './payment-status';

/** A new payment, as authorizePayment records it before asking the gateway. */
export interface PendingPayment {
  id: string;
  orderId: string;
  customerId: string;
  amount: number;
  currency: string;
  /** Stored as given (DATETIME(3) in UTC, as Prisma keeps it), so the row the caller builds is the row stored. */
  createdAt: Date;
  /** What the PAYMENT_REQUESTED event keeps, so the payment can be resolved later with the very same request. */
  request: object;
}

/** A move of a payment from the status it was read in to `to`, with what the gateway said. */
export interface PaymentMove {
  paymentId: string;
  from: PaymentStatus;
  to: PaymentStatus;
  changes: { providerPaymentId?: string; declineReason?: string };
  eventData: object;
}

/** Connections for writes; they are short (one round trip), so fewer than Prisma's pool for reads. */
const WRITE_POOL_SIZE = 5;

/**
 * The only writer of payments and their events. Each write is one transaction of a few statements, and is
 * sent to MariaDB as one multi-statement query: one round trip instead of one per statement plus `BEGIN` and
 * `COMMIT`, as an interactive Prisma transaction takes (authorize and capture went from 14 round trips to 4).
 * Reads stay with Prisma. Values travel as placeholders, escaped by the driver, never spliced into the text.
 */
@Injectable()
export class PaymentLedger implements OnModuleDestroy {
  private readonly pool: mariadb.Pool;

  constructor(@Inject(PAYMENTS_CONFIG) config: Pick<PaymentsConfig, 'databaseUrl'>) {
    this.pool = resilientMariaDbPool(config.databaseUrl, WRITE_POOL_SIZE, { multipleStatements: true });
  }

  /**
   * Records a PENDING payment with its PAYMENT_REQUESTED event. False when the order already has a payment
   * (an earlier or concurrent call): nothing is written then.
   */
  async createPending(payment: PendingPayment): Promise<boolean> {
    const at = payment.createdAt.toISOString().replace('T', ' ').replace('Z', '');
    const results = await this.transaction(
      // IGNORE: a payment of this order already there counts 0 rows (the input is validated, so nothing else is
      // ignored). The event is written only if the payment with this call's id exists, i.e. if this call made it.
      `INSERT IGNORE INTO Payment (id, orderId, customerId, amount, currency, status, createdAt, updatedAt)
         VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?);
       INSERT INTO PaymentEvent (paymentId, sequence, type, data, at)
         SELECT id, 1, ?, ?, ? FROM Payment WHERE id = ?;`,
      [
        payment.id, payment.orderId, payment.customerId, payment.amount, payment.currency, at, at,
        PaymentEventType.REQUESTED, JSON.stringify(payment.request), at, payment.id,
      ],
    );
    return affectedRows(results[0]) === 1;
  }

  /**
   * Moves a payment from `from` to `to` and appends the matching event. False when the payment is no longer
   * `from` (a concurrent call moved it first): nothing is written then.
   */
  async move(move: PaymentMove): Promise<boolean> {
    const { providerPaymentId, declineReason } = move.changes;
    const results = await this.transaction(
      // The update takes the payment's row lock, which serializes writers, so the next sequence number is
      // ours. @moved carries the update's outcome to the insert: the aggregate below yields a row even when
      // nothing matched, so the condition stands outside it.
      `UPDATE Payment SET status = ?, updatedAt = UTC_TIMESTAMP(3),
           providerPaymentId = COALESCE(?, providerPaymentId), declineReason = COALESCE(?, declineReason)
         WHERE id = ? AND status = ?;
       SET @moved = ROW_COUNT();
       INSERT INTO PaymentEvent (paymentId, sequence, type, data, at)
         SELECT ?, next.sequence, ?, ?, UTC_TIMESTAMP(3)
         FROM (SELECT COALESCE(MAX(sequence), 0) + 1 AS sequence FROM PaymentEvent WHERE paymentId = ?) AS next
         WHERE @moved = 1;`,
      [
        move.to, providerPaymentId ?? null, declineReason ?? null, move.paymentId, move.from,
        move.paymentId, eventTypeFor(move.to), JSON.stringify(move.eventData), move.paymentId,
      ],
    );
    return affectedRows(results[0]) === 1;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }

  /**
   * Runs `statements` in one transaction, sent in one round trip; resolves to their results, in order. When
   * one fails the server skips the rest and the transaction stays open: the pool rolls back a connection
   * released inside a transaction (the driver tracks the server's status flag), so the next `START
   * TRANSACTION` on it cannot commit the part that ran.
   */
  private async transaction(statements: string, values: unknown[]): Promise<unknown[]> {
    const connection = await this.pool.getConnection();
    try {
      const results = (await connection.query(`START TRANSACTION; ${statements} COMMIT;`, values)) as unknown[];
      return results.slice(1, -1);
    } finally {
      await connection.release();
    }
  }
}

function affectedRows(result: unknown): number {
  return Number((result as { affectedRows?: number | bigint }).affectedRows ?? 0);
}
