import { Prisma, type Order } from '../generated/prisma/client';

/** A line of a new order, priced from the catalog. */
export interface NewOrderLine {
  productId: string;
  productName: string;
  quantity: number;
  unitPriceAmount: number;
  currency: string;
}

/**
 * The common table expressions that store a new order and its lines, for Checkout.placeOrder to run in the
 * statement that starts the order's saga. `placed` returns the order's id, or no row when the customer already
 * has an order with this idempotency key (then the lines are not written either). The timestamps are the
 * record's own, so the order returned to the client is the row stored.
 */
export function insertOrderWithLines(order: Order, lines: readonly NewOrderLine[]): Prisma.Sql {
  return Prisma.sql`placed AS (
      INSERT INTO "Order" (id, "customerId", status, "totalAmount", currency, "idempotencyKey", "createdAt", "updatedAt")
      VALUES (${order.id}::uuid, ${order.customerId}::uuid, ${order.status}::"OrderStatus", ${order.totalAmount},
        ${order.currency}, ${order.idempotencyKey}, ${order.createdAt}, ${order.updatedAt})
      ON CONFLICT ("customerId", "idempotencyKey") DO NOTHING
      RETURNING id
    ),
    placed_lines AS (
      INSERT INTO "OrderItem" ("orderId", "productId", "productName", quantity, "unitPriceAmount", currency)
      SELECT placed.id, line."productId", line."productName", line.quantity, line."unitPriceAmount", line.currency
      FROM placed, jsonb_to_recordset(${JSON.stringify(lines)}::jsonb)
        AS line("productId" uuid, "productName" text, quantity int, "unitPriceAmount" int, currency text)
    )`;
}
