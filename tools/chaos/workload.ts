import type { ChaosProfile } from './chaos-profile';
import { ChaosShop, ShopError, pickPaymentToken, type PlaceOrderRequest } from './chaos-shop';
import type { SeededRandom } from './random';

/** One order the suite will place, decided up front from the seed so a run can be repeated. */
interface OrderPlan {
  /** ms into the load window. */
  at: number;
  customer: number;
  request: PlaceOrderRequest;
  /** Sent twice at once with the same idempotency key, like a client retrying a request it thinks was lost. */
  sentTwice: boolean;
  /** Cancelled this long after it was placed, if at all. */
  cancelAfterMs?: number;
}

/** What the customers saw. */
export interface WorkloadOutcome {
  /** Order ids the shop answered, per idempotency key (one id each, if idempotency holds). */
  ordersByKey: Map<string, Set<string>>;
  /** Placements that failed for good, after the client's retries. */
  failedPlacements: string[];
  cancellationsRequested: number;
  /** Cancellations that failed for good (other than "already cancelled"), after the client's retries. */
  failedCancellations: string[];
}

export function planOrders(random: SeededRandom, profile: ChaosProfile, productIds: string[]): OrderPlan[] {
  return Array.from({ length: profile.orders }, (_, index) => {
    const lines = random.int(1, 2);
    const products = random.shuffle(productIds).slice(0, lines);
    return {
      at: Math.round((index / profile.orders) * profile.loadWindowMs * 0.9),
      customer: index % profile.customers,
      request: {
        items: products.map((productId) => ({ productId, quantity: random.int(1, 2) })),
        paymentToken: pickPaymentToken(random),
        idempotencyKey: `chaos-${random.seed}-${index}`,
      },
      sentTwice: random.chance(0.1),
      cancelAfterMs: random.chance(0.1) ? random.int(0, 1_500) : undefined,
    };
  });
}

/** Places every planned order at its moment, retrying as a client would, and cancels the ones planned so. */
export async function runOrders(shop: ChaosShop, plans: OrderPlan[], tokens: string[], startedAt: number): Promise<WorkloadOutcome> {
  const outcome: WorkloadOutcome = { ordersByKey: new Map(), failedPlacements: [], cancellationsRequested: 0, failedCancellations: [] };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

  await Promise.all(
    plans.map(async (plan) => {
      await sleep(startedAt + plan.at - Date.now());
      const token = tokens[plan.customer];
      const key = plan.request.idempotencyKey;
      const ids = new Set<string>();
      outcome.ordersByKey.set(key, ids);
      const place = () => shop.withRetries(() => shop.placeOrder(token, plan.request));
      const results = await Promise.allSettled(plan.sentTwice ? [place(), place()] : [place()]);
      for (const result of results) {
        if (result.status === 'fulfilled') ids.add(result.value.id);
        else outcome.failedPlacements.push(`${key}: ${(result.reason as Error).message}`);
      }
      const [orderId] = ids;
      if (!orderId || plan.cancelAfterMs === undefined) return;
      await sleep(plan.cancelAfterMs);
      outcome.cancellationsRequested += 1;
      await shop
        .withRetries(() => shop.cancelOrder(token, orderId))
        .catch((error: unknown) => {
          // An order the saga already cancelled (a declined card) cannot be cancelled again: that is fine.
          if (error instanceof ShopError && error.code === 'BAD_USER_INPUT') return;
          outcome.failedCancellations.push(`${orderId}: ${(error as Error).message}`);
        });
    }),
  );
  return outcome;
}
