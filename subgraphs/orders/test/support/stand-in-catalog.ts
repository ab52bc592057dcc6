import { randomUUID } from 'node:crypto';
import type { AccessTokenVerifierOptions } from '@retail/common';
import { StandInSubgraph, type StandInContext } from './stand-in-server';

export interface StandInProduct {
  id: string;
  sku: string;
  name: string;
  price: { amount: number; currency: string };
  available: number;
}

type ReservationStatus = 'RESERVED' | 'COMMITTED' | 'RELEASED' | 'REJECTED';

interface Reservation {
  status: ReservationStatus;
  items: { productId: string; quantity: number }[];
  reason: string | null;
}

const TYPE_DEFS = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])
  type Money @shareable { amount: Int! currency: String! }
  type Product @key(fields: "id") { id: ID! sku: String! name: String! price: Money! }
  input StockItemInput { productId: ID! quantity: Int! }
  enum ReservationStatus { RESERVED COMMITTED RELEASED REJECTED }
  type StockReservationResult { orderId: ID! status: ReservationStatus! reason: String }
  type Query { product(id: ID!): Product }
  type Mutation {
    reserveStock(orderId: ID!, items: [StockItemInput!]!): StockReservationResult!
    commitStock(orderId: ID!): StockReservationResult!
    releaseStock(orderId: ID!): StockReservationResult!
  }
`;

/**
 * The catalog as the orders saga sees it: products with prices and stock, and stock reservations that are
 * idempotent per order. Mutations need the `catalog:stock` scope, like the real ones.
 */
export class StandInCatalog {
  readonly products = new Map<string, StandInProduct>();
  readonly reservations = new Map<string, Reservation>();
  readonly subgraph: StandInSubgraph;

  constructor(verification: AccessTokenVerifierOptions) {
    const requireStockScope = (context: StandInContext) => {
      if (context.principal?.kind !== 'service' || !context.principal.scopes.includes('catalog:stock')) {
        throw Object.assign(new Error('Scope catalog:stock required'), { extensions: { code: 'FORBIDDEN' } });
      }
    };
    this.subgraph = new StandInSubgraph(
      TYPE_DEFS,
      {
        Query: { product: (_: unknown, { id }: { id: string }) => this.products.get(id) ?? null },
        Product: { __resolveReference: ({ id }: { id: string }) => this.products.get(id) ?? null },
        Mutation: {
          reserveStock: (_: unknown, args: { orderId: string; items: Reservation['items'] }, context: StandInContext) => {
            requireStockScope(context);
            return this.reserve(args.orderId, args.items);
          },
          commitStock: (_: unknown, { orderId }: { orderId: string }, context: StandInContext) => {
            requireStockScope(context);
            return this.commit(orderId);
          },
          releaseStock: (_: unknown, { orderId }: { orderId: string }, context: StandInContext) => {
            requireStockScope(context);
            return this.release(orderId);
          },
        },
      },
      verification,
      'catalog',
    );
  }

  get url(): string {
    return this.subgraph.url;
  }

  async start(): Promise<this> {
    await this.subgraph.start();
    return this;
  }

  addProduct(product: Partial<StandInProduct> = {}): StandInProduct {
    const id = product.id ?? randomUUID();
    const created: StandInProduct = {
      id,
      sku: product.sku ?? `SKU-${id.slice(0, 8)}`,
      name: product.name ?? `Product ${id.slice(0, 8)}`,
      price: product.price ?? { amount: 1250, currency: 'EUR' },
      available: product.available ?? 100,
    };
    this.products.set(id, created);
    return created;
  }

  private reserve(orderId: string, items: Reservation['items']) {
    const existing = this.reservations.get(orderId);
    if (existing) return { orderId, status: existing.status, reason: existing.reason };
    const short = items.find((item) => (this.products.get(item.productId)?.available ?? 0) < item.quantity);
    if (short) {
      const reason = `Insufficient stock for SKU ${this.products.get(short.productId)?.sku ?? short.productId}`;
      this.reservations.set(orderId, { status: 'REJECTED', items, reason });
      return { orderId, status: 'REJECTED', reason };
    }
    for (const item of items) this.products.get(item.productId)!.available -= item.quantity;
    this.reservations.set(orderId, { status: 'RESERVED', items, reason: null });
    return { orderId, status: 'RESERVED', reason: null };
  }

  private commit(orderId: string) {
    const reservation = this.reservations.get(orderId);
    if (!reservation) return { orderId, status: 'REJECTED', reason: 'No reservation' };
    if (reservation.status === 'RESERVED') reservation.status = 'COMMITTED';
    return { orderId, status: reservation.status, reason: reservation.reason };
  }

  private release(orderId: string) {
    const reservation = this.reservations.get(orderId);
    if (!reservation) return { orderId, status: 'RELEASED', reason: 'Nothing reserved' };
    if (reservation.status === 'RESERVED' || reservation.status === 'COMMITTED') {
      for (const item of reservation.items) this.products.get(item.productId)!.available += item.quantity;
      reservation.status = 'RELEASED';
    }
    return { orderId, status: reservation.status, reason: reservation.reason };
  }
}
