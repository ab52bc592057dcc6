import type { PrismaClient } from '../generated/prisma/client';
import { replayOrderEvents, type RecordedOrderEvent } from './order-events';

/** An order whose stored row disagrees with its own history. */
export interface OrderReplayDifference {
  orderId: string;
  problem: string;
}

export interface OrderReplayReport {
  checked: number;
  differences: OrderReplayDifference[];
}

interface StoredOrder {
  id: string;
  status: string;
  failureReason: string | null;
}

interface StoredEvent extends RecordedOrderEvent {
  sequence: number;
}

const PAGE_SIZE = 500;

/**
 * What is wrong with one order, judged by its events alone: a gap in the numbering, a history that breaks the
 * transition table, or a status or failure reason the events do not lead to. Null when it agrees.
 */
export function orderReplayProblem(order: StoredOrder, events: readonly StoredEvent[]): string | null {
  const gap = events.findIndex((event, index) => event.sequence !== index + 1);
  if (gap >= 0) return `event ${gap + 1} of the history is numbered ${events[gap].sequence}`;
  let replayed;
  try {
    replayed = replayOrderEvents(events);
  } catch (error) {
    return `the history does not replay: ${(error as Error).message}`;
  }
  if (replayed.status !== order.status) return `stored status ${order.status}, the events say ${replayed.status}`;
  if (replayed.failureReason !== order.failureReason) {
    return `stored failure reason ${JSON.stringify(order.failureReason)}, the events say ${JSON.stringify(replayed.failureReason)}`;
  }
  return null;
}

/** Rebuilds every order from its events, page by page, and reports the rows whose stored state differs. */
export async function auditOrdersAgainstEvents(prisma: PrismaClient): Promise<OrderReplayReport> {
  const report: OrderReplayReport = { checked: 0, differences: [] };
  let after: string | undefined;
  for (;;) {
    const orders = await prisma.order.findMany({
      select: { id: true, status: true, failureReason: true },
      orderBy: { id: 'asc' },
      take: PAGE_SIZE,
      ...(after ? { cursor: { id: after }, skip: 1 } : {}),
    });
    if (orders.length === 0) break;
    const events = await prisma.orderEvent.findMany({
      where: { orderId: { in: orders.map((order) => order.id) } },
      select: { orderId: true, sequence: true, type: true, data: true },
      orderBy: [{ orderId: 'asc' }, { sequence: 'asc' }],
    });
    const byOrder = new Map<string, StoredEvent[]>();
    for (const event of events) {
      const list = byOrder.get(event.orderId) ?? [];
      list.push(event);
      byOrder.set(event.orderId, list);
    }
    for (const order of orders) {
      const problem = orderReplayProblem(order, byOrder.get(order.id) ?? []);
      if (problem) report.differences.push({ orderId: order.id, problem });
    }
    report.checked += orders.length;
    after = orders[orders.length - 1].id;
  }
  return report;
}
