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

/** What the reservation statement did, and what it found. */
interface ReserveOutcome {
  claimed: number;
  /** The first product (by id) whose line could not be satisfied, if any. */
  shortProductId: string | null;
  /** The order's reservation as the statement's snapshot saw it. */
  existingStatus: keyof typeof ReservationStatus | null;
}

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
   *
   * One statement, so one round trip and no explicit transaction: it locks the products' inventory rows in
   * productId order (as every writer of them does, so concurrent orders cannot deadlock), checks every line
   * against what is available now, and only when all fit claims the orderId and takes the units. A claim that
   * meets an existing reservation of the order (or its tombstone) writes nothing.
   */
  async reserve(orderIdInput: string, items: StockItemInput[]): Promise<StockReservationResult> {
    const orderId = requireUuid(orderIdInput, 'orderId');
    const lines = this.validateLines(items);
    const [outcome] = await this.prisma.$queryRaw<ReserveOutcome[]>`
      WITH existing AS (
        SELECT status::text AS status FROM "StockReservation" WHERE "orderId" = ${orderId}::uuid
      ),
      wanted AS (
        SELECT x."productId", x.quantity
        FROM jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) AS x("productId" uuid, quantity int)
      ),
      -- An order that already has a reservation touches no inventory row: every line counts as short, so
      -- nothing is claimed, and its reservation is the answer.
      locked AS (
        SELECT i."productId", i.available FROM "Inventory" i
        WHERE i."productId" IN (SELECT "productId" FROM wanted) AND NOT EXISTS (SELECT 1 FROM existing)
        ORDER BY i."productId" FOR UPDATE
      ),
      -- An unknown product has no inventory row: short as well.
      short AS (
        SELECT w."productId" FROM wanted w LEFT JOIN locked l ON l."productId" = w."productId"
        WHERE l.available IS NULL OR l.available < w.quantity
      ),
      claim AS (
        INSERT INTO "StockReservation" ("orderId", status, "updatedAt")
        SELECT ${orderId}::uuid, 'RESERVED', now() WHERE NOT EXISTS (SELECT 1 FROM short)
        ON CONFLICT DO NOTHING RETURNING "orderId"
      ),
      -- Data-modifying parts of a WITH run to completion whether the final SELECT reads them or not.
      taken AS (
        UPDATE "Inventory" i
        SET available = i.available - w.quantity, reserved = i.reserved + w.quantity, "updatedAt" = now()
        FROM wanted w WHERE i."productId" = w."productId" AND EXISTS (SELECT 1 FROM claim)
        RETURNING i."productId"
      ),
      written AS (
        INSERT INTO "StockReservationLine" ("orderId", "productId", quantity)
        SELECT ${orderId}::uuid, w."productId", w.quantity FROM wanted w WHERE EXISTS (SELECT 1 FROM claim)
        RETURNING "productId"
      )
      SELECT
        (SELECT count(*) FROM claim)::int AS claimed,
        (SELECT "productId"::text FROM short ORDER BY "productId" LIMIT 1) AS "shortProductId",
        (SELECT status FROM existing) AS "existingStatus"`;
    if (outcome!.claimed === 1) return result(orderId, ReservationStatus.RESERVED);
    // Nothing claimed: the order's reservation is the answer. The statement's snapshot may predate one
    // committed while it waited for the inventory rows (a concurrent call for the same order), so look again.
    const existing = outcome!.existingStatus ? ReservationStatus[outcome!.existingStatus] : await this.findStatus(orderId);
    if (existing) return result(orderId, existing);
    if (outcome!.shortProductId) {
      return result(orderId, ReservationStatus.REJECTED, await this.insufficientStockReason(outcome!.shortProductId));
    }
    throw new Error(`Reservation of order ${orderId} was neither claimed, found nor short`);
  }

  /**
   * Turns a reservation into a sale once the order is paid: the reserved units leave the inventory.
   * Idempotent; a RELEASED reservation stays RELEASED. NOT_FOUND when the order never reserved stock.
   *
   * One statement: the status moves from RESERVED (which locks the reservation, so a concurrent commit or
   * release of the order waits), then the inventory rows of its lines are locked in productId order and
   * their reserved units removed.
   */
  async commit(orderIdInput: string): Promise<StockReservationResult> {
    const orderId = requireUuid(orderIdInput, 'orderId');
    const [outcome] = await this.prisma.$queryRaw<{ moved: number }[]>`
      WITH moved AS (
        UPDATE "StockReservation" SET status = 'COMMITTED', "updatedAt" = now()
        WHERE "orderId" = ${orderId}::uuid AND status = 'RESERVED' RETURNING "orderId"
      ),
      lines AS (
        SELECT l."productId", l.quantity FROM "StockReservationLine" l
        WHERE l."orderId" IN (SELECT "orderId" FROM moved)
      ),
      locked AS (
        SELECT i."productId", l.quantity FROM "Inventory" i JOIN lines l ON l."productId" = i."productId"
        ORDER BY i."productId" FOR UPDATE OF i
      ),
      sold AS (
        UPDATE "Inventory" i SET reserved = i.reserved - x.quantity, "updatedAt" = now()
        FROM locked x WHERE i."productId" = x."productId"
        RETURNING i."productId"
      )
      SELECT (SELECT count(*) FROM moved)::int AS moved`;
    if (outcome!.moved === 1) return result(orderId, ReservationStatus.COMMITTED);
    const status = await this.findStatus(orderId);
    if (!status) throw new NotFoundError('Stock reservation for order', orderId);
    return result(orderId, status);
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

  private async insufficientStockReason(productId: string): Promise<string> {
    const product = await this.prisma.product.findUnique({ where: { id: productId }, select: { sku: true } });
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
