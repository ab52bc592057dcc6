import { Inject, Injectable } from '@nestjs/common';
import { ServiceTokenClient, SubgraphClient } from '@retail/common';
import { ORDERS_CONFIG, type OrdersConfig } from '../config';

export interface CatalogProduct {
  id: string;
  name: string;
  price: { amount: number; currency: string };
}

export type ReservationStatus = 'RESERVED' | 'COMMITTED' | 'RELEASED' | 'REJECTED';

export interface StockReservationResult {
  orderId: string;
  status: ReservationStatus;
  reason: string | null;
}

const PRODUCTS_QUERY = `query Products($r: [_Any!]!) {
  _entities(representations: $r) { ... on Product { id name price { amount currency } } }
}`;

const RESULT_FIELDS = 'orderId status reason';

/**
 * The catalog subgraph, called directly with the `orders` client's token for the catalog audience: product prices for new orders and
 * the stock reservation mutations of the saga (each idempotent per order).
 */
@Injectable()
export class CatalogClient {
  private readonly client: SubgraphClient;

  constructor(@Inject(ORDERS_CONFIG) config: OrdersConfig, tokens: ServiceTokenClient) {
    this.client = new SubgraphClient(config.catalogUrl, 'catalog', tokens);
  }

  /** The products with these ids, in the same order; null where the catalog has no such product. */
  async products(ids: readonly string[]): Promise<(CatalogProduct | null)[]> {
    const data = await this.client.request<{ _entities: (CatalogProduct | null)[] }>(PRODUCTS_QUERY, {
      r: ids.map((id) => ({ __typename: 'Product', id })),
    });
    return data._entities;
  }

  async reserveStock(
    orderId: string,
    items: readonly { productId: string; quantity: number }[],
  ): Promise<StockReservationResult> {
    const data = await this.client.request<{ reserveStock: StockReservationResult }>(
      `mutation Reserve($orderId: ID!, $items: [StockItemInput!]!) {
        reserveStock(orderId: $orderId, items: $items) { ${RESULT_FIELDS} }
      }`,
      { orderId, items },
    );
    return data.reserveStock;
  }

  async commitStock(orderId: string): Promise<StockReservationResult> {
    const data = await this.client.request<{ commitStock: StockReservationResult }>(
      `mutation Commit($orderId: ID!) { commitStock(orderId: $orderId) { ${RESULT_FIELDS} } }`,
      { orderId },
    );
    return data.commitStock;
  }

  async releaseStock(orderId: string): Promise<StockReservationResult> {
    const data = await this.client.request<{ releaseStock: StockReservationResult }>(
      `mutation Release($orderId: ID!) { releaseStock(orderId: $orderId) { ${RESULT_FIELDS} } }`,
      { orderId },
    );
    return data.releaseStock;
  }
}
