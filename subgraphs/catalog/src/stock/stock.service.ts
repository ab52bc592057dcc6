import { Injectable } from '@nestjs/common';
import { BadUserInputError, NotFoundError } from '@retail/common';
import type { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { isUuid, requireIntInRange, requireUuid } from '../validation';
import type { StockItemInput } from './dto/stock-item.input';
import type { Stock } from './models/stock.model';
import { ReservationStatus } from './models/reservation-status.enum';
import type { StockReservationResult } from './models/stock-reservation-result.model';

export const MAX_RESERVATION_LINES = 100;
export const MAX_LINE_QUANTITY = 1_000_000;

/** Thrown inside a reservation transaction to roll it back; answered as REJECTED. */
class StockRejection extends Error {}

/** Many checkouts wait on the same inventory rows at peak; give them time rather than fail. */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;

const NO_STOCK: Stock = { available: 0, reserved: 0 };

@Injectable()
export class StockService {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Stock of many products in one query, in the order of `productIds`. For the per-request DataLoader behind
   * `Product.stock`; a product without an inventory row has no stock.
   */
  async findByProductIds(productIds: readonly string[]): Promise<Stock[]> {
    const ids = [...new Set(productIds.filter(isUuid).map((id) => id.toLowerCase()))];
    const rows = ids.length
      ? await this.prisma.inventory.findMany({
          where: { productId: { in: ids } },
          select: { productId: true, available: true, reserved: true },
        })
      : [];
    const byId = new Map(rows.map((row) => [row.productId, { available: row.available, reserved: row.reserved }]));
    return productIds.map((id) => byId.get(id.toLowerCase()) ?? NO_STOCK);
  }

  /**
   * Holds stock for an order (checkout saga, first step). Idempotent per orderId: an existing reservation is
   * returned as it is, including a RELEASED tombstone. Otherwise every line is taken or none is: when one
   * line cannot be satisfied nothing is written and the answer is REJECTED with the reason.
   */
  async reserve(orderIdInput: string, items: StockItemInput[]): Promise<StockReservationResult> {
    const orderId = requireUuid(orderIdInput, 'orderId');
    const lines = this.validateLines(items);

    try {
      return await this.prisma.$transaction(async (tx) => {
        // Claims the orderId first: a concurrent reserve or release of the same order waits here. An existing
        // reservation (including a RELEASED tombstone) is the answer, as it is.
        const claimed = await tx.$executeRaw`
          INSERT INTO "StockReservation" ("orderId", status, "updatedAt")
          VALUES (${orderId}::uuid, 'RESERVED', now()) ON CONFLICT DO NOTHING`;
        if (claimed === 0) return result(orderId, (await this.findStatus(orderId, tx))!);

        // Sorted by productId so concurrent reservations lock inventory rows in the same order.
        for (const line of lines) {
          // One conditional statement: the check and the decrement cannot be separated by another buyer. An
          // unknown product has no inventory row and is rejected here too (insufficientStockReason says which).
          const taken = await tx.$executeRaw`
            UPDATE "Inventory"
            SET available = available - ${line.quantity}, reserved = reserved + ${line.quantity}, "updatedAt" = now()
            WHERE "productId" = ${line.productId}::uuid AND available >= ${line.quantity}`;
          if (taken === 0) throw new StockRejection(await this.insufficientStockReason(tx, line.productId));
        }
        await tx.$executeRaw`
          INSERT INTO "StockReservationLine" ("orderId", "productId", quantity)
          SELECT ${orderId}::uuid, x."productId", x.quantity
          FROM jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) AS x("productId" uuid, quantity int)`;
        return result(orderId, ReservationStatus.RESERVED);
      }, TRANSACTION_OPTIONS);
    } catch (error) {
      if (error instanceof StockRejection) return result(orderId, ReservationStatus.REJECTED, error.message);
      throw error;
    }
  }

  /**
   * Turns a reservation into a sale once the order is paid: the reserved units leave the inventory.
   * Idempotent; a RELEASED reservation stays RELEASED. NOT_FOUND when the order never reserved stock.
   */
  async commit(orderIdInput: string): Promise<StockReservationResult> {
    const orderId = requireUuid(orderIdInput, 'orderId');
    return this.prisma.$transaction(async (tx) => {
      // The status moves and the lines are read in one statement; a RESERVED reservation always has lines.
      const lines = await tx.$queryRaw<{ productId: string; quantity: number }[]>`
        WITH moved AS (
          UPDATE "StockReservation" SET status = 'COMMITTED', "updatedAt" = now()
          WHERE "orderId" = ${orderId}::uuid AND status = 'RESERVED' RETURNING "orderId"
        )
        SELECT "productId"::text AS "productId", quantity FROM "StockReservationLine"
        WHERE "orderId" IN (SELECT "orderId" FROM moved) ORDER BY "productId"`;
      if (lines.length > 0) {
        // In productId order, like reservations, so concurrent writers lock inventory rows in the same order.
        for (const line of lines) {
          await tx.$executeRaw`
            UPDATE "Inventory" SET reserved = reserved - ${line.quantity}, "updatedAt" = now()
            WHERE "productId" = ${line.productId}::uuid`;
        }
        return result(orderId, ReservationStatus.COMMITTED);
      }
      const status = await this.findStatus(orderId, tx);
      if (!status) throw new NotFoundError('Stock reservation for order', orderId);
      return result(orderId, status);
    }, TRANSACTION_OPTIONS);
  }

  /**
   * Gives an order's stock back (cancellation or saga compensation). Reserved units become available again;
   * committed units are returned to stock. Idempotent. When the order has no reservation yet, a RELEASED
   * tombstone is written so a reservation arriving late reserves nothing.
   */
  async release(orderIdInput: string): Promise<StockReservationResult> {
    const orderId = requireUuid(orderIdInput, 'orderId');
    return this.prisma.$transaction(async (tx) => {
      const tombstone = await tx.stockReservation.createMany({
        data: [{ orderId, status: 'RELEASED' }],
        skipDuplicates: true,
      });
      if (tombstone.count === 1) return result(orderId, ReservationStatus.RELEASED);

      if (await this.transition(tx, orderId, 'RESERVED', 'RELEASED')) {
        for (const line of await this.linesOf(tx, orderId)) {
          await tx.inventory.update({
            where: { productId: line.productId },
            data: { available: { increment: line.quantity }, reserved: { decrement: line.quantity } },
          });
        }
      } else if (await this.transition(tx, orderId, 'COMMITTED', 'RELEASED')) {
        for (const line of await this.linesOf(tx, orderId)) {
          await tx.inventory.update({
            where: { productId: line.productId },
            data: { available: { increment: line.quantity } },
          });
        }
      }
      return result(orderId, ReservationStatus.RELEASED);
    }, TRANSACTION_OPTIONS);
  }

  /** Lines merged per product and sorted by productId; BAD_USER_INPUT for malformed ones. */
  private validateLines(items: StockItemInput[]): { productId: string; quantity: number }[] {
    if (items.length === 0) throw new BadUserInputError('items must not be empty', { field: 'items' });
    if (items.length > MAX_RESERVATION_LINES) {
      throw new BadUserInputError(`At most ${MAX_RESERVATION_LINES} items per reservation`, { field: 'items' });
    }
    const quantities = new Map<string, number>();
    for (const item of items) {
      const productId = requireUuid(item.productId, 'productId');
      const quantity = requireIntInRange(item.quantity, 'quantity', 1, MAX_LINE_QUANTITY);
      quantities.set(productId, (quantities.get(productId) ?? 0) + quantity);
    }
    return [...quantities]
      .map(([productId, quantity]) => ({ productId, quantity }))
      .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
  }

  private async insufficientStockReason(tx: Prisma.TransactionClient, productId: string): Promise<string> {
    const product = await tx.product.findUnique({ where: { id: productId }, select: { sku: true } });
    return product ? `Insufficient stock for ${product.sku}` : `Unknown product ${productId}`;
  }

  /** Compare-and-set of the status; the row stays locked until the transaction ends. */
  private async transition(
    tx: Prisma.TransactionClient,
    orderId: string,
    from: 'RESERVED' | 'COMMITTED',
    to: 'COMMITTED' | 'RELEASED',
  ): Promise<boolean> {
    const updated = await tx.stockReservation.updateMany({ where: { orderId, status: from }, data: { status: to } });
    return updated.count === 1;
  }

  private linesOf(tx: Prisma.TransactionClient, orderId: string) {
    return tx.stockReservationLine.findMany({
      where: { orderId },
      orderBy: { productId: 'asc' },
      select: { productId: true, quantity: true },
    });
  }

  private async findStatus(
    orderId: string,
    client: Prisma.TransactionClient = this.prisma,
  ): Promise<ReservationStatus | undefined> {
    const reservation = await client.stockReservation.findUnique({ where: { orderId }, select: { status: true } });
    return reservation ? ReservationStatus[reservation.status] : undefined;
  }
}

function result(orderId: string, status: ReservationStatus, reason: string | null = null): StockReservationResult {
  return { orderId, status, reason };
}
