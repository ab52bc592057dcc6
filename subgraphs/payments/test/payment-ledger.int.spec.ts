import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { createTestDatabase, type TestDatabase } from '@test/databases';
import type { PaymentsConfig } from '../src/config';
import { PaymentLedger, type PendingPayment } from '../src/payments/payment-ledger';
import { PaymentStatus } from '../src/payments/payment-status';
import { PrismaService } from '../src/prisma/prisma.service';

/**
 * The ledger sends each write as one multi-statement transaction. What that must not lose: all-or-nothing
 * (a statement that fails leaves nothing of the others, now or later), and exactly one event per move when
 * calls race.
 */
describe(PaymentLedger.name, () => {
  let database: TestDatabase;
  let ledger: PaymentLedger;
  let prisma: PrismaService;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase('payments');
    const config = { databaseUrl: database.url } as PaymentsConfig;
    ledger = new PaymentLedger(config);
    prisma = new PrismaService(config);
  });

  afterAll(async () => {
    await ledger?.onModuleDestroy();
    await prisma?.$disconnect();
    await database?.drop();
    Logger.overrideLogger(['log', 'error', 'warn']);
  });

  function pending(overrides: Partial<PendingPayment> = {}): PendingPayment {
    return {
      id: randomUUID(),
      orderId: randomUUID(),
      customerId: randomUUID(),
      amount: 1250,
      currency: 'EUR',
      createdAt: new Date(),
      request: { amount: 1250, currency: 'EUR', paymentToken: 'tok_visa' },
      ...overrides,
    };
  }

  const historyOf = (paymentId: string) =>
    prisma.paymentEvent.findMany({ where: { paymentId }, orderBy: { sequence: 'asc' }, select: { sequence: true, type: true, data: true } });

  it('records a pending payment with its request, and only the first of two for one order', async () => {
    const first = pending();
    expect(await ledger.createPending(first)).toBe(true);
    expect(await ledger.createPending(pending({ orderId: first.orderId }))).toBe(false);

    const payments = await prisma.payment.findMany({ where: { orderId: first.orderId } });
    expect(payments.map((payment) => [payment.id, payment.status, payment.amount])).toEqual([[first.id, 'PENDING', 1250]]);
    expect(await historyOf(first.id)).toEqual([{ sequence: 1, type: 'PAYMENT_REQUESTED', data: first.request }]);
  });

  it('moves a payment once when moves race, with one event numbered after the last', async () => {
    const payment = pending();
    await ledger.createPending(payment);
    const moves = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        ledger.move({
          paymentId: payment.id,
          from: PaymentStatus.PENDING,
          to: PaymentStatus.AUTHORIZED,
          changes: { providerPaymentId: `pp_${index}` },
          eventData: { providerPaymentId: `pp_${index}` },
        }),
      ),
    );

    expect(moves.filter(Boolean)).toHaveLength(1);
    const winner = moves.indexOf(true);
    const stored = await prisma.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect([stored.status, stored.providerPaymentId, stored.declineReason]).toEqual(['AUTHORIZED', `pp_${winner}`, null]);
    expect(await historyOf(payment.id)).toEqual([
      expect.objectContaining({ sequence: 1, type: 'PAYMENT_REQUESTED' }),
      { sequence: 2, type: 'PAYMENT_AUTHORIZED', data: { providerPaymentId: `pp_${winner}` } },
    ]);
  });

  it('keeps nothing of a write whose later statement failed, then or at the next write on its connection', async () => {
    const payment = pending();
    await ledger.createPending(payment);
    // The move's update runs, then its event insert is refused.
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER refuse_declines BEFORE INSERT ON PaymentEvent FOR EACH ROW
         IF NEW.type = 'PAYMENT_DECLINED' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test'; END IF`,
    );
    try {
      await expect(
        ledger.move({
          paymentId: payment.id,
          from: PaymentStatus.PENDING,
          to: PaymentStatus.DECLINED,
          changes: { declineReason: 'card_declined' },
          eventData: { reason: 'card_declined' },
        }),
      ).rejects.toThrow(/refused by the test/);
    } finally {
      await prisma.$executeRawUnsafe('DROP TRIGGER refuse_declines');
    }

    // More writes than the pool has connections: one of them runs on the connection the failure happened on.
    for (let index = 0; index < 12; index += 1) expect(await ledger.createPending(pending())).toBe(true);

    const stored = await prisma.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect([stored.status, stored.declineReason]).toEqual(['PENDING', null]);
    expect((await historyOf(payment.id)).map((event) => event.type)).toEqual(['PAYMENT_REQUESTED']);
  });
});
