import { Injectable } from '@nestjs/common';
import { SubgraphRequestError } from '@retail/common';
import { OrderEventType } from '../../orders/order-events';
import { CatalogClient } from '../../remote/catalog.client';
import { CheckoutRejectedError, type StepContext, type StepHandlers, type StepResult } from './checkout-step';

/** RESERVE_STOCK, COMMIT_STOCK and their compensation RELEASE_STOCK, against the catalog (idempotent per order). */
@Injectable()
export class StockSteps {
  constructor(private readonly catalog: CatalogClient) {}

  readonly handlers: StepHandlers = {
    RESERVE_STOCK: (context) => this.reserveStock(context),
    COMMIT_STOCK: (context) => this.commitStock(context),
    RELEASE_STOCK: (context) => this.releaseStock(context),
  };

  /** Holds the order's units; REJECTED (not enough stock) fails the checkout. */
  async reserveStock({ order }: StepContext): Promise<StepResult> {
    const items = order.items.map(({ productId, quantity }) => ({ productId, quantity }));
    const result = await this.catalog.reserveStock(order.id, items);
    if (result.status === 'RESERVED' || result.status === 'COMMITTED') {
      return { events: [{ type: OrderEventType.STOCK_RESERVED }] };
    }
    const reason = result.reason ?? 'Insufficient stock';
    throw new CheckoutRejectedError(reason, [{ type: OrderEventType.STOCK_REJECTED, data: { reason } }]);
  }

  /** Turns the reservation into a sale once the payment is captured. */
  async commitStock({ order }: StepContext): Promise<StepResult> {
    const result = await this.catalog.commitStock(order.id);
    if (result.status === 'COMMITTED') return { events: [{ type: OrderEventType.STOCK_COMMITTED }] };
    throw new CheckoutRejectedError(result.reason ?? `Stock could not be committed (${result.status})`);
  }

  /** Compensates RESERVE_STOCK and COMMIT_STOCK: returns reserved or committed units. */
  async releaseStock({ order }: StepContext): Promise<StepResult> {
    try {
      const result = await this.catalog.releaseStock(order.id);
      // A rejected reservation held nothing: there was nothing to release.
      if (result.status === 'REJECTED') return { events: [] };
      return { events: [{ type: OrderEventType.STOCK_RELEASED }] };
    } catch (error) {
      if (error instanceof SubgraphRequestError && error.code === 'NOT_FOUND') return { events: [] };
      throw error;
    }
  }
}
