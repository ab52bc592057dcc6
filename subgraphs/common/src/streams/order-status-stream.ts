/**
 * The order-status stream: a Redis stream to which the orders service announces every committed change of an
 * order's status (PENDING on creation, CANCELLING, CONFIRMED, CANCELLED), for live subscriptions. Written by the
 * orders outbox relay, read by the gateway. Each entry has the fields `orderId`, `status` and `at` (ISO-8601).
 * Delivery is at least once: the same announcement may appear twice.
 */

/** The stream's key under an environment's queue prefix (`QUEUE_PREFIX`), e.g. `retail:order-status`. */
export function orderStatusStreamKey(prefix: string): string {
  return `${prefix}:order-status`;
}

/** Entries kept (approximately: `XADD ... MAXLEN ~`); readers that fall further behind miss the oldest. */
export const ORDER_STATUS_STREAM_MAX_LENGTH = 10_000;

/** One announcement, as the stream entry's fields. */
export interface OrderStatusAnnouncement {
  orderId: string;
  status: string;
  /** When the change was made, ISO-8601. */
  at: string;
}

/** Reads an entry's flat field list (`[name, value, name, value, ...]`, as XREAD returns it). */
export function parseOrderStatusEntry(fields: readonly string[]): OrderStatusAnnouncement | null {
  const values = new Map<string, string>();
  for (let index = 0; index + 1 < fields.length; index += 2) values.set(fields[index], fields[index + 1]);
  const orderId = values.get('orderId');
  const status = values.get('status');
  const at = values.get('at');
  return orderId && status && at ? { orderId, status, at } : null;
}
