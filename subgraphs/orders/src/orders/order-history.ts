import type { Prisma } from '../generated/prisma/client';
import type { PrismaTx } from '../prisma/prisma.service';
import type { NewOrderEvent } from './order-events';

/**
 * Appends events to an order's history, numbering them after the last one. Call inside a transaction that
 * holds the order's saga row lock (see `lockSaga`), so two writers never pick the same sequence number.
 */
export async function appendOrderEvents(tx: PrismaTx, orderId: string, events: readonly NewOrderEvent[]): Promise<void> {
  if (events.length === 0) return;
  const last = await tx.orderEvent.findFirst({
    where: { orderId },
    orderBy: { sequence: 'desc' },
    select: { sequence: true },
  });
  const start = (last?.sequence ?? 0) + 1;
  await tx.orderEvent.createMany({
    data: events.map((event, index) => ({
      orderId,
      sequence: start + index,
      type: event.type,
      data: (event.data ?? {}) as Prisma.InputJsonObject,
    })),
  });
}
