import type { Order, Prisma } from '../generated/prisma/client';

/**
 * What the orders service asks of the checkout saga. The saga module provides it (CheckoutSagaService) and
 * owns every write to saga state and the outbox; `orders/` knows nothing more of the saga than this.
 */
export abstract class Checkout {
  /**
   * Places `order` and starts its checkout, in one statement: the order is stored PENDING together with its
   * first event, its saga and the first step's job. `insertOrder` writes the order and its lines, as common
   * table expressions the first of which is named `placed` and returns the new order's `id`, or no row when the
   * order is not to be placed (its idempotency key is taken): then nothing is written and the result is false.
   */
  abstract placeOrder(order: Pick<Order, 'id' | 'status'>, insertOrder: Prisma.Sql, paymentToken: string): Promise<boolean>;

  /**
   * Asks the saga to cancel an order, under the saga row lock: `check` sees the order as locked and throws
   * when the caller may not cancel it (not theirs, already cancelled); then the cancellation is recorded and
   * handed to the saga. Throws NOT_FOUND for an order without a saga.
   */
  abstract cancelOrder(orderId: string, check: (order: Order) => void): Promise<void>;
}
