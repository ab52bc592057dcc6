import type { Order as OrderRecord } from '../generated/prisma/client';
import { replayOrderEvents, type RecordedOrderEvent } from './order-events';

/** An order as it stood at `asOf`: its status and failure reason rebuilt from the events up to then. */
export type OrderAsOf = OrderRecord & { asOf: Date };

interface TimedEvent extends RecordedOrderEvent {
  at: Date;
}

/**
 * The order as it stood at `asOf`, from its events alone (oldest first): null if it was not placed yet.
 * Lines and total never change after placing, so they are the stored ones; `history` then lists only the
 * events up to `asOf` (see `eventsAsOf`).
 */
export function orderAsOf(order: OrderRecord, events: readonly TimedEvent[], asOf: Date): OrderAsOf | null {
  const known = eventsAsOf(events, asOf);
  if (known.length === 0) return null;
  const { status, failureReason } = replayOrderEvents(known);
  return { ...order, status, failureReason, updatedAt: known[known.length - 1].at, asOf };
}

/** The events that had happened at `asOf` (inclusive), oldest first. */
export function eventsAsOf<T extends { at: Date }>(events: readonly T[], asOf: Date): T[] {
  return events.filter((event) => event.at.getTime() <= asOf.getTime());
}

export function isOrderAsOf(order: OrderRecord): order is OrderAsOf {
  return (order as Partial<OrderAsOf>).asOf instanceof Date;
}
