import type { UnexpectedDeath } from './chaos-system';
import type { SystemSnapshot } from './system-snapshot';
import type { WorkloadOutcome } from './workload';

/** The verdict on one invariant: what held, or each way it did not. */
export interface InvariantResult {
  name: string;
  /** One line per violation; empty when the invariant held. */
  violations: string[];
  /** What was checked, for the PASS line. */
  checked: string;
}

export interface RunFacts {
  snapshot: SystemSnapshot;
  /** Units each product the suite created started with. */
  initialStock: Map<string, number>;
  workload: WorkloadOutcome;
  /** Orders not CONFIRMED or CANCELLED when the settle deadline passed (empty when all finished in time). */
  unfinishedAtDeadline: string[];
  settleSeconds: number;
  unexpectedDeaths: UnexpectedDeath[];
  /** Output and exit code of `db replay orders` and `db replay payments`. */
  replays: { service: string; code: number; output: string[] }[];
}

const TERMINAL = new Set(['CONFIRMED', 'CANCELLED']);

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row)) ?? [];
    list.push(row);
    groups.set(key(row), list);
  }
  return groups;
}

function result(name: string, violations: string[], checked: string): InvariantResult {
  return { name, violations, checked };
}

export function stockConserved({ snapshot, initialStock }: RunFacts): InvariantResult {
  const violations: string[] = [];
  const lines = groupBy(snapshot.reservationLines, (line) => line.productId);
  for (const [productId, initial] of initialStock) {
    const inventory = snapshot.inventory.find((row) => row.productId === productId);
    if (!inventory) {
      violations.push(`product ${productId}: no inventory row`);
      continue;
    }
    const sum = (status: string) =>
      (lines.get(productId) ?? []).filter((line) => line.status === status).reduce((total, line) => total + line.quantity, 0);
    const sold = sum('COMMITTED');
    if (inventory.available < 0 || inventory.reserved < 0) {
      violations.push(`product ${productId}: available ${inventory.available}, reserved ${inventory.reserved}`);
    }
    if (inventory.available + inventory.reserved + sold !== initial) {
      violations.push(
        `product ${productId}: started with ${initial}, now available ${inventory.available} + reserved ${inventory.reserved} + sold ${sold}`,
      );
    }
    if (inventory.reserved !== sum('RESERVED')) {
      violations.push(`product ${productId}: reserved ${inventory.reserved}, live reservations hold ${sum('RESERVED')}`);
    }
  }
  const units = [...initialStock.values()].reduce((a, b) => a + b, 0);
  return result('stock never negative and conserved', violations, `${initialStock.size} products, ${units} units`);
}

export function noLiveReservationForFinishedOrder({ snapshot }: RunFacts): InvariantResult {
  const violations: string[] = [];
  const reservations = new Map(snapshot.reservations.map((row) => [row.orderId, row.status]));
  const items = groupBy(snapshot.orderItems, (item) => item.orderId);
  const lines = groupBy(snapshot.reservationLines, (line) => line.orderId);
  for (const order of snapshot.orders) {
    const reservation = reservations.get(order.id);
    if (order.status === 'CONFIRMED') {
      if (reservation !== 'COMMITTED') violations.push(`CONFIRMED order ${order.id}: reservation ${reservation ?? 'missing'}`);
      const ordered = (items.get(order.id) ?? []).map((item) => `${item.productId}x${item.quantity}`).sort().join(',');
      const sold = (lines.get(order.id) ?? []).map((line) => `${line.productId}x${line.quantity}`).sort().join(',');
      if (reservation === 'COMMITTED' && ordered !== sold) violations.push(`CONFIRMED order ${order.id}: sold ${sold}, ordered ${ordered}`);
    } else if (order.status === 'CANCELLED' && reservation !== undefined && reservation !== 'RELEASED') {
      violations.push(`CANCELLED order ${order.id}: reservation ${reservation}`);
    }
  }
  const finished = snapshot.orders.filter((order) => TERMINAL.has(order.status)).length;
  return result('no live reservation for a finished order', violations, `${finished} finished orders`);
}

/** A provider payment's last state, from its ledger entries. */
function providerPayments(snapshot: SystemSnapshot) {
  const payments = new Map<string, { reference: string; amount: number; status: string; captures: number }>();
  for (const entry of snapshot.ledger) {
    const ok = entry.response.status === 200 || entry.response.status === 201;
    if (!ok || !entry.paymentId) continue;
    const body = entry.response.body as { amount: number; status: string; reference: string };
    const payment = payments.get(entry.paymentId) ?? { reference: body.reference, amount: body.amount, status: body.status, captures: 0 };
    payment.status = body.status;
    if (entry.action === 'capture') payment.captures += 1;
    payments.set(entry.paymentId, payment);
  }
  return groupBy([...payments.entries()].map(([id, payment]) => ({ id, ...payment })), (payment) => payment.reference);
}

export function confirmedOrdersCapturedOnce(facts: RunFacts): InvariantResult {
  const { snapshot } = facts;
  const violations: string[] = [];
  const provider = providerPayments(snapshot);
  const stored = groupBy(snapshot.payments, (payment) => payment.orderId);
  const confirmed = snapshot.orders.filter((order) => order.status === 'CONFIRMED');
  for (const order of confirmed) {
    const ours = stored.get(order.id) ?? [];
    if (ours.length !== 1 || ours[0].status !== 'CAPTURED' || ours[0].amount !== order.totalAmount || ours[0].currency !== order.currency) {
      violations.push(`order ${order.id} (total ${order.totalAmount}): payments database has ${JSON.stringify(ours.map((p) => [p.status, p.amount]))}`);
    }
    const theirs = provider.get(order.id) ?? [];
    const captured = theirs.filter((payment) => payment.status === 'captured');
    const captures = theirs.reduce((total, payment) => total + payment.captures, 0);
    if (captured.length !== 1 || captures !== 1 || captured[0].amount !== order.totalAmount) {
      violations.push(
        `order ${order.id} (total ${order.totalAmount}): provider has ${JSON.stringify(theirs.map((p) => [p.status, p.amount, p.captures]))}`,
      );
    }
    const holds = theirs.filter((payment) => payment.status === 'authorized');
    if (holds.length > 0) violations.push(`order ${order.id}: ${holds.length} extra authorization(s) still held at the provider`);
  }
  return result('each CONFIRMED order has exactly one capture of exactly its total, and the provider agrees', violations, `${confirmed.length} confirmed orders`);
}

export function cancelledOrdersKeepNoCharge({ snapshot }: RunFacts): InvariantResult {
  const violations: string[] = [];
  const provider = providerPayments(snapshot);
  const orders = new Map(snapshot.orders.map((order) => [order.id, order]));
  const cancelled = snapshot.orders.filter((order) => order.status === 'CANCELLED');
  for (const order of cancelled) {
    for (const payment of provider.get(order.id) ?? []) {
      if (payment.status !== 'voided' && payment.status !== 'refunded') {
        violations.push(`CANCELLED order ${order.id}: provider payment ${payment.id} is ${payment.status} (${payment.amount})`);
      }
    }
    const ours = snapshot.payments.filter((payment) => payment.orderId === order.id && !['DECLINED', 'VOIDED', 'REFUNDED'].includes(payment.status));
    for (const payment of ours) violations.push(`CANCELLED order ${order.id}: payments database says ${payment.status}`);
  }
  for (const [reference, payments] of provider) {
    if (!orders.has(reference)) violations.push(`provider payments ${payments.map((p) => p.id).join(', ')} for unknown order ${reference}`);
  }
  return result('no CANCELLED order keeps a net charge', violations, `${cancelled.length} cancelled orders`);
}

export function everyOrderFinishedInTime({ snapshot, unfinishedAtDeadline, settleSeconds }: RunFacts): InvariantResult {
  const sagas = new Map(snapshot.sagas.map((saga) => [saga.orderId, saga]));
  const violations = unfinishedAtDeadline.map((orderId) => {
    const order = snapshot.orders.find((row) => row.id === orderId);
    const saga = sagas.get(orderId);
    const parked = saga?.parkedAt ? ', parked NEEDS_ATTENTION' : '';
    return `order ${orderId} ${order?.status}: saga at ${saga?.step}${parked}${saga?.lastError ? ` (${saga.lastError})` : ''}`;
  });
  return result(
    'every order finished within 60 s of the last fault',
    violations,
    `${snapshot.orders.length} orders, all CONFIRMED or CANCELLED ${settleSeconds.toFixed(1)} s after the last fault`,
  );
}

export function oneOrderPerIdempotencyKey({ snapshot, workload }: RunFacts): InvariantResult {
  const violations: string[] = [];
  for (const [key, orders] of groupBy(snapshot.orders.filter((order) => order.idempotencyKey), (order) => `${order.customerId} ${order.idempotencyKey}`)) {
    if (orders.length > 1) violations.push(`key ${key}: ${orders.length} orders`);
  }
  for (const [key, ids] of workload.ordersByKey) {
    if (ids.size > 1) violations.push(`key ${key}: the shop answered ${[...ids].join(', ')}`);
  }
  return result('one order per idempotency key', violations, `${workload.ordersByKey.size} keys`);
}

/** Status each event moves an order to; the order of statuses is the only direction an order may move. */
const STATUS_AFTER: Record<string, string> = {
  ORDER_CONFIRMED: 'CONFIRMED',
  COMPENSATION_STARTED: 'CANCELLING',
  ORDER_CANCELLED: 'CANCELLED',
};
const RANK: Record<string, number> = { PENDING: 0, CONFIRMED: 1, CANCELLING: 2, CANCELLED: 3 };

export function historiesMoveForward({ snapshot }: RunFacts): InvariantResult {
  const violations: string[] = [];
  const events = groupBy(snapshot.orderEvents, (event) => event.orderId);
  for (const order of snapshot.orders) {
    const history = events.get(order.id) ?? [];
    const problem = (() => {
      if (history[0]?.type !== 'ORDER_PLACED') return `starts with ${history[0]?.type ?? 'nothing'}`;
      let status = 'PENDING';
      for (const [index, event] of history.entries()) {
        if (event.sequence !== index + 1) return `event ${index + 1} is numbered ${event.sequence}`;
        if (index > 0 && event.at.getTime() < history[index - 1].at.getTime()) return `event ${event.sequence} is older than the one before`;
        if (status === 'CANCELLED') return `${event.type} after ORDER_CANCELLED`;
        const next = STATUS_AFTER[event.type];
        if (!next) continue;
        if (RANK[next] <= RANK[status]) return `${event.type} moves it from ${status} back to ${next}`;
        status = next;
      }
      return status === order.status ? null : `history ends in ${status}, the order is ${order.status}`;
    })();
    if (problem) violations.push(`order ${order.id}: ${problem}`);
  }
  return result('histories move only forward and end in the current status', violations, `${snapshot.orderEvents.length} events`);
}

export function outboxDrained({ snapshot }: RunFacts): InvariantResult {
  const violations = snapshot.unpublishedOutboxMessages > 0 ? [`${snapshot.unpublishedOutboxMessages} messages never published`] : [];
  return result('the outbox is drained', violations, 'no unpublished message');
}

export function replayAgrees({ replays }: RunFacts): InvariantResult {
  const violations = replays.flatMap(({ service, code, output }) =>
    code === 0 ? [] : [`db replay ${service} exited ${code}`, ...output.filter((line) => !line.startsWith(`${service}:`)).slice(0, 20)],
  );
  const summary = replays.map(({ output }) => output[output.length - 1] ?? '').join('; ');
  return result('replay agrees with the stored state', violations, summary);
}

export function noUnexpectedDeaths({ unexpectedDeaths }: RunFacts): InvariantResult {
  const violations = unexpectedDeaths.map(
    (death) => `${death.name} exited on its own (code ${death.code}, signal ${death.signal}) at ${death.at.toISOString()}`,
  );
  return result('no process died that the suite did not kill', violations, 'every process up');
}

export const INVARIANTS = [
  stockConserved,
  noLiveReservationForFinishedOrder,
  confirmedOrdersCapturedOnce,
  cancelledOrdersKeepNoCharge,
  everyOrderFinishedInTime,
  oneOrderPerIdempotencyKey,
  historiesMoveForward,
  outboxDrained,
  replayAgrees,
  noUnexpectedDeaths,
];
