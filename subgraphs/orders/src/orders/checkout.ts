import type { Order } from '../generated/prisma/client';
import type { PrismaTx } from '../prisma/prisma.service';

/**
 * What the orders service asks of the checkout saga. The saga module provides it (CheckoutSagaService) and
 * owns every write to saga state and the outbox; `orders/` knows nothing more of the saga than this.
 */
export abstract class Checkout {
  /**
   * Creates an order with `create` and starts its checkout, in one transaction: the order is stored PENDING
   * together with its first event, its saga and the first step's job. Returns the order once committed.
   */
  abstract placeOrder(create: (tx: PrismaTx) => Promise<Order>, paymentToken: string): Promise<Order>;

  /**
   * Asks the saga to cancel an order, under the saga row lock: `check` sees the order as locked and throws
   * when the caller may not cancel it (not theirs, already cancelled); then the cancellation is recorded and
   * handed to the saga. Throws NOT_FOUND for an order without a saga.
   */
  abstract cancelOrder(orderId: string, check: (order: Order) => void): Promise<void>;
}
