import { Injectable } from '@nestjs/common';
import { OrderEventType } from '../../orders/order-events';
import { CatalogClient } from '../../remote/catalog.client';
import { UnexpectedAnswerError } from '../step-errors';
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

  /** Holds the order's units; REJECTED (not enough stock, an unknown product) fails the checkout. */
  async reserveStock({ order }: StepContext): Promise<StepResult> {
    const items = order.items.map(({ productId, quantity }) => ({ productId, quantity }));
    const result = await this.catalog.reserveStock(order.id, items);
    if (result.status === 'RESERVED' || result.status === 'COMMITTED') {
      return { events: [{ type: OrderEventType.STOCK_RESERVED }] };
    }
    if (result.status === 'REJECTED') {
      const reason = result.reason ?? 'Insufficient stock';
      throw new CheckoutRejectedError(reason, [{ type: OrderEventType.STOCK_REJECTED, data: { reason } }]);
    }
    // RELEASED: the order's stock was released before this reservation, which only compensation does.
    throw new UnexpectedAnswerError(`reserveStock answered ${result.status} for order ${order.id}`);
  }

  /** Turns the reservation into a sale once the payment is captured. */
  async commitStock({ order }: StepContext): Promise<StepResult> {
    const result = await this.catalog.commitStock(order.id);
    if (result.status === 'COMMITTED') return { events: [{ type: OrderEventType.STOCK_COMMITTED }] };
    throw new UnexpectedAnswerError(`commitStock answered ${result.status} for order ${order.id}`);
  }

  /**
   * Compensates RESERVE_STOCK and COMMIT_STOCK: returns reserved or committed units. Also runs when the
   * reservation was rejected or may never have been made: the catalog then writes a tombstone, so a late
   * duplicate reservation holds nothing. STOCK_RELEASED is recorded only for a reservation the saga saw made.
   */
  async releaseStock({ order, saga }: StepContext): Promise<StepResult> {
    await this.catalog.releaseStock(order.id);
    const reserved = saga.completedSteps.includes('RESERVE_STOCK');
    return { events: reserved ? [{ type: OrderEventType.STOCK_RELEASED }] : [] };
  }
}
