import type { PrismaClient } from '../generated/prisma/client';
import { replayPaymentEvents, type ReplayableEvent } from './payment-events';

/** A payment whose stored row disagrees with its own history. */
export interface PaymentReplayDifference {
  paymentId: string;
  orderId: string;
  problem: string;
}

export interface PaymentReplayReport {
  checked: number;
  differences: PaymentReplayDifference[];
}

const PAGE_SIZE = 500;

/** What is wrong with one payment, judged by its events alone; null when its stored status agrees. */
export function paymentReplayProblem(payment: { status: string }, events: readonly ReplayableEvent[]): string | null {
  let replayed;
  try {
    replayed = replayPaymentEvents(events);
  } catch (error) {
    return `the history does not replay: ${(error as Error).message}`;
  }
  return replayed === payment.status ? null : `stored status ${payment.status}, the events say ${replayed}`;
}

/** Rebuilds every payment from its events, page by page, and reports the rows whose stored status differs. */
export async function auditPaymentsAgainstEvents(prisma: PrismaClient): Promise<PaymentReplayReport> {
  const report: PaymentReplayReport = { checked: 0, differences: [] };
  let after: string | undefined;
  for (;;) {
    const payments = await prisma.payment.findMany({
      select: { id: true, orderId: true, status: true },
      orderBy: { id: 'asc' },
      take: PAGE_SIZE,
      ...(after ? { cursor: { id: after }, skip: 1 } : {}),
    });
    if (payments.length === 0) break;
    const events = await prisma.paymentEvent.findMany({
      where: { paymentId: { in: payments.map((payment) => payment.id) } },
      select: { paymentId: true, sequence: true, type: true },
    });
    for (const payment of payments) {
      const problem = paymentReplayProblem(
        payment,
        events.filter((event) => event.paymentId === payment.id),
      );
      if (problem) report.differences.push({ paymentId: payment.id, orderId: payment.orderId, problem });
    }
    report.checked += payments.length;
    after = payments[payments.length - 1].id;
  }
  return report;
}
