import { Inject, Injectable } from '@nestjs/common';
import {
  BadUserInputError,
  ForbiddenError,
  NotFoundError,
  PerRequest,
  canAccessOwnedBy,
  requireUser,
  type Money,
  type RequestContext,
} from '@retail/common';
import DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ORDERS_CONFIG, type OrdersConfig } from '../config';
import type { Order as OrderRecord } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { CatalogClient, type CatalogProduct } from '../remote/catalog.client';
import { Checkout } from './checkout';
import type { PlaceOrderInput } from './dto/place-order.input';
import type { OrderEvent } from './models/order-event.model';
import type { OrderItem } from './models/order-item.model';
import { eventsAsOf, isOrderAsOf, orderAsOf } from './order-as-of';
import { insertOrderWithLines, type NewOrderLine } from './order-insert';
import type { OrderEventType } from './order-events';
import { isUuid, validatePlaceOrderInput, type ValidPlaceOrder } from './place-order.validation';

export type { OrderRecord };

const CANCEL_POLL_MS = 50;

/** An order's lines priced from the catalog, and its total. */
interface PricedOrder {
  lines: NewOrderLine[];
  totalAmount: number;
  currency: string;
}
const MAX_TOTAL = 2_147_483_647;

/** Per-request batch loaders: one query per batch of ids, whatever the shape of the GraphQL query. */
interface OrderLoaders {
  orders: DataLoader<string, OrderRecord | null>;
  items: DataLoader<string, OrderItem[]>;
  history: DataLoader<string, OrderEvent[]>;
  ordersOfCustomer: DataLoader<string, OrderRecord[]>;
}

@Injectable()
export class OrdersService {
  private readonly loaders = new PerRequest<OrderLoaders>(() => this.createLoaders());

  constructor(
    private readonly prisma: PrismaService,
    private readonly catalog: CatalogClient,
    private readonly checkout: Checkout,
    @Inject(ORDERS_CONFIG) private readonly config: OrdersConfig,
  ) {}

  /**
   * Places an order for the signed-in user: validates the input, prices it from the catalog, then writes in
   * one statement (through the checkout saga) the PENDING order, its lines, ORDER_PLACED, the saga and the
   * outbox message of its first step. Returns at once; the saga finishes asynchronously. The same idempotency
   * key from the same customer returns the order it first created, also under concurrent retries.
   */
  async placeOrder(context: RequestContext, input: PlaceOrderInput): Promise<OrderRecord> {
    const user = requireUser(context);
    const valid = validatePlaceOrderInput(input);
    let priced: PricedOrder;
    try {
      priced = await this.priceItems(valid);
    } catch (error) {
      // A retry of an order placed earlier gets that order, even when its products changed or the catalog is
      // away since. Looked up only then: the first attempt, the common case, costs no read.
      const earlier = await this.findByIdempotencyKey(user.userId, valid.idempotencyKey);
      if (earlier) return earlier;
      throw error;
    }
    const now = new Date();
    const order: OrderRecord = {
      id: randomUUID(),
      customerId: user.userId,
      status: 'PENDING',
      totalAmount: priced.totalAmount,
      currency: priced.currency,
      idempotencyKey: valid.idempotencyKey,
      failureReason: null,
      createdAt: now,
      updatedAt: now,
    };
    if (await this.checkout.placeOrder(order, insertOrderWithLines(order, priced.lines), valid.paymentToken)) return order;
    // The key was taken, by an earlier attempt or a concurrent one: its order is the answer.
    const winner = await this.findByIdempotencyKey(user.userId, valid.idempotencyKey);
    if (!winner) throw new Error(`Order ${order.id} was not placed, and no order holds its idempotency key`);
    return winner;
  }

  /** `order(id)`: the caller's own order (an admin's: any). Another customer's order is NOT_FOUND, so ids don't leak. */
  async findOrder(context: RequestContext, id: string): Promise<OrderRecord> {
    requireUser(context);
    if (!isUuid(id)) throw new BadUserInputError('Invalid order id', { field: 'id' });
    const order = await this.loaders.of(context).orders.load(id.toLowerCase());
    if (!order || !canAccessOwnedBy(context, order.customerId)) throw new NotFoundError('Order', id);
    return order;
  }

  /**
   * `order(id, asOf)`: the order as it stood at `asOf`, its status and failure reason rebuilt from the events up
   * to then (the same access rules as `findOrder`). NOT_FOUND if it had not been placed yet.
   */
  async findOrderAsOf(context: RequestContext, id: string, asOf: Date): Promise<OrderRecord> {
    // The DateTime scalar turns text it cannot read into an invalid Date rather than refusing it.
    if (Number.isNaN(asOf.getTime())) throw new BadUserInputError('asOf must be an ISO 8601 date-time', { field: 'asOf' });
    const order = await this.findOrder(context, id);
    // Filtered here rather than in SQL: the database keeps microseconds, the API shows milliseconds, and an
    // instant read off `history { at }` must include that event.
    const events = await this.prisma.orderEvent.findMany({
      where: { orderId: order.id },
      orderBy: { sequence: 'asc' },
      select: { type: true, data: true, at: true },
    });
    const past = orderAsOf(order, events, asOf);
    if (!past) throw new NotFoundError('Order', id);
    return past;
  }

  /**
   * Cancels the caller's order (an admin's: any) if it is PENDING or CONFIRMED: records CANCELLATION_REQUESTED
   * and hands the undoing to the saga, under the saga row lock (see Checkout.cancelOrder). Then waits up to
   * CANCEL_WAIT_MS for the order to be CANCELLED and returns it as it stands (CANCELLED, or still
   * CANCELLING/PENDING).
   */
  async cancelOrder(context: RequestContext, id: string): Promise<OrderRecord> {
    requireUser(context);
    if (!isUuid(id)) throw new BadUserInputError('Invalid order id', { field: 'id' });
    const orderId = id.toLowerCase();
    await this.checkout.cancelOrder(orderId, (order) => {
      if (!canAccessOwnedBy(context, order.customerId)) throw new NotFoundError('Order', id);
      if (order.status === 'CANCELLING' || order.status === 'CANCELLED') {
        throw new BadUserInputError('Order is already cancelled');
      }
    });
    return this.waitForCancellation(orderId);
  }

  /** `_entities` for Order: owner, admin or service; otherwise FORBIDDEN. Batched per request. */
  async orderReference(context: RequestContext, id: string): Promise<OrderRecord | null> {
    if (!isUuid(id)) return null;
    const order = await this.loaders.of(context).orders.load(id.toLowerCase());
    if (!order) return null;
    if (!canAccessOwnedBy(context, order.customerId)) throw new ForbiddenError('Not allowed to see this order');
    return order;
  }

  /** `User.orders`, newest first: for the user themself, an admin or a service. Batched per request. */
  async ordersOfUser(context: RequestContext, userId: string): Promise<OrderRecord[]> {
    if (!canAccessOwnedBy(context, userId)) throw new ForbiddenError("Not allowed to see this user's orders");
    if (!isUuid(userId)) return [];
    return this.loaders.of(context).ordersOfCustomer.load(userId.toLowerCase());
  }

  /** The order's lines (batched per request). */
  items(context: RequestContext, order: OrderRecord): Promise<OrderItem[]> {
    return this.loaders.of(context).items.load(order.id);
  }

  /** The order's history, oldest first (batched per request); of an order as of an instant, up to that instant. */
  async history(context: RequestContext, order: OrderRecord): Promise<OrderEvent[]> {
    const events = await this.loaders.of(context).history.load(order.id);
    return isOrderAsOf(order) ? eventsAsOf(events, order.asOf) : events;
  }

  total(order: OrderRecord): Money {
    return { amount: order.totalAmount, currency: order.currency };
  }

  private async waitForCancellation(orderId: string): Promise<OrderRecord> {
    const deadline = Date.now() + this.config.cancelWaitMs;
    for (;;) {
      const order = await this.prisma.order.findUniqueOrThrow({ where: { id: orderId } });
      if (order.status === 'CANCELLED' || Date.now() >= deadline) return order;
      await sleep(CANCEL_POLL_MS);
    }
  }

  private findByIdempotencyKey(customerId: string, idempotencyKey: string | null): Promise<OrderRecord | null> {
    if (idempotencyKey === null) return Promise.resolve(null);
    return this.prisma.order.findUnique({ where: { customerId_idempotencyKey: { customerId, idempotencyKey } } });
  }

  /** Prices the lines from the catalog (never from the client): unknown products and mixed currencies are refused. */
  private async priceItems(valid: ValidPlaceOrder): Promise<PricedOrder> {
    const products = await this.catalog.products(valid.items.map((item) => item.productId));
    const lines = valid.items.map((item, index) => {
      const product: CatalogProduct | null | undefined = products[index];
      if (!product) throw new BadUserInputError(`Unknown product ${item.productId}`, { field: 'items' });
      return {
        productId: item.productId,
        productName: product.name,
        quantity: item.quantity,
        unitPriceAmount: product.price.amount,
        currency: product.price.currency,
      };
    });
    const currencies = new Set(lines.map((line) => line.currency));
    if (currencies.size > 1) {
      throw new BadUserInputError(`All items of an order must share one currency, got ${[...currencies].join(', ')}`, {
        field: 'items',
      });
    }
    const totalAmount = lines.reduce((sum, line) => sum + line.quantity * line.unitPriceAmount, 0);
    if (totalAmount > MAX_TOTAL) throw new BadUserInputError('Order total is too large', { field: 'items' });
    return { lines, totalAmount, currency: lines[0].currency };
  }

  private createLoaders(): OrderLoaders {
    return {
      orders: new DataLoader(async (ids) => {
        const rows = await this.prisma.order.findMany({ where: { id: { in: [...ids] } } });
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
      items: new DataLoader(async (orderIds) => {
        const rows = await this.prisma.orderItem.findMany({
          where: { orderId: { in: [...orderIds] } },
          orderBy: { productName: 'asc' },
        });
        return orderIds.map((orderId) =>
          rows
            .filter((row) => row.orderId === orderId)
            .map((row) => ({
              quantity: row.quantity,
              productName: row.productName,
              unitPrice: { amount: row.unitPriceAmount, currency: row.currency },
              product: { id: row.productId },
            })),
        );
      }),
      history: new DataLoader(async (orderIds) => {
        const rows = await this.prisma.orderEvent.findMany({
          where: { orderId: { in: [...orderIds] } },
          orderBy: [{ orderId: 'asc' }, { sequence: 'asc' }],
          select: { orderId: true, type: true, at: true },
        });
        return orderIds.map((orderId) =>
          rows.filter((row) => row.orderId === orderId).map(({ type, at }) => ({ type: type as OrderEventType, at })),
        );
      }),
      ordersOfCustomer: new DataLoader(async (customerIds) => {
        const rows = await this.prisma.order.findMany({
          where: { customerId: { in: [...customerIds] } },
          orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        });
        return customerIds.map((customerId) => rows.filter((row) => row.customerId === customerId));
      }),
    };
  }
}
