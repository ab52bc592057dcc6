import { Injectable } from '@nestjs/common';
import { BadUserInputError, NotFoundError, isUniqueViolation } from '@retail/common';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { isUuid, requireUuid } from '../validation';
import type { CreateProductInput } from './dto/create-product.input';
import type { ProductsArgs } from './dto/products.args';
import type { ProductConnection } from './models/product-connection.model';
import type { Product } from './models/product.model';
import { decodeProductCursor, encodeProductCursor, type ProductCursor } from './product-cursor';
import {
  validateCreateProductInput,
  validatePageSize,
  validateProductFilter,
  validateRestockQuantity,
  MAX_STOCK,
  type ValidProductFilter,
} from './product-validation';

const PRODUCT_SELECT = {
  id: true,
  sku: true,
  name: true,
  description: true,
  priceAmount: true,
  currency: true,
  categoryId: true,
  attributes: true,
  createdAt: true,
} satisfies Prisma.ProductSelect;

type ProductRow = Prisma.ProductGetPayload<{ select: typeof PRODUCT_SELECT }>;

/** A row of the product list: the product, its category (if any), its inventory (if any) and the count. */
interface ProductPageRow extends ProductRow {
  categorySlug: string | null;
  categoryName: string | null;
  available: number | null;
  reserved: number | null;
  totalCount: number;
}

@Injectable()
export class ProductsService {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * One page of the product list in (name, id) order, for the public `products` query. `totalCount` counts
   * every product matching the filter, not just the page. One SQL statement returns the page, each product's
   * category and stock (preloaded, so the page's `category` and `stock` fields need no further query) and
   * the count: the storefront's most frequent read, where four Prisma queries cost more CPU than the rest
   * of the request.
   */
  async list(args: ProductsArgs): Promise<ProductConnection> {
    const first = validatePageSize(args.first);
    const filter = validateProductFilter(args.filter);
    const after = args.after == null ? undefined : decodeProductCursor(args.after);
    const where = productConditions(filter);
    const count = Prisma.sql`SELECT count(*)::int FROM "Product" p LEFT JOIN "Inventory" i ON i."productId" = p.id WHERE ${where}`;
    const page = after ? Prisma.sql`${where} AND (p.name, p.id) > (${after.name}, ${after.id}::uuid)` : where;
    const rows = await this.prisma.$queryRaw<ProductPageRow[]>`
      SELECT p.id, p.sku, p.name, p.description, p."priceAmount", p.currency, p."categoryId", p.attributes, p."createdAt",
             c.slug AS "categorySlug", c.name AS "categoryName", i.available, i.reserved, (${count}) AS "totalCount"
      FROM "Product" p
      LEFT JOIN "Category" c ON c.id = p."categoryId"
      LEFT JOIN "Inventory" i ON i."productId" = p.id
      WHERE ${page}
      ORDER BY p.name, p.id
      LIMIT ${first + 1}`;
    // An empty page after a cursor still reports how many products match.
    const totalCount = rows[0]?.totalCount ?? (after ? (await this.prisma.$queryRaw<{ count: number }[]>(count))[0]!.count : 0);
    const edges = rows.slice(0, first).map((row) => ({ cursor: encodeProductCursor(row), node: toPreloadedProduct(row) }));
    return {
      totalCount,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      edges,
    };
  }

  /** One product for the public `product` query: NOT_FOUND when there is none. */
  async getById(id: string): Promise<Product> {
    const productId = requireUuid(id, 'id');
    const row = await this.prisma.product.findUnique({ where: { id: productId }, select: PRODUCT_SELECT });
    if (!row) throw new NotFoundError('Product', productId);
    return toProduct(row);
  }

  /**
   * Many products in one query, in the order of `ids` (null where unknown). For the per-request DataLoader
   * that resolves entity references; malformed ids are unknown rather than errors.
   */
  async findByIds(ids: readonly string[]): Promise<(Product | null)[]> {
    const valid = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
    const rows = valid.length
      ? await this.prisma.product.findMany({ where: { id: { in: valid } }, select: PRODUCT_SELECT })
      : [];
    const byId = new Map(rows.map((row) => [row.id, toProduct(row)]));
    return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
  }

  /** Adds a product and its inventory (admin). Everything is checked before anything is written. */
  async create(input: CreateProductInput): Promise<Product> {
    const valid = validateCreateProductInput(input);
    if (valid.categoryId) {
      const category = await this.prisma.category.findUnique({ where: { id: valid.categoryId }, select: { id: true } });
      if (!category) {
        throw new BadUserInputError(`Category ${valid.categoryId} does not exist`, { field: 'categoryId' });
      }
    }
    if (await this.prisma.product.findUnique({ where: { sku: valid.sku }, select: { id: true } })) {
      throw duplicateSku(valid.sku);
    }
    try {
      // A nested create is one transaction: the product never exists without its inventory.
      const row = await this.prisma.product.create({
        data: {
          sku: valid.sku,
          name: valid.name,
          description: valid.description,
          priceAmount: valid.priceAmount,
          currency: valid.currency,
          categoryId: valid.categoryId,
          attributes: valid.attributes as Prisma.InputJsonObject,
          inventory: { create: { available: valid.initialStock } },
        },
        select: PRODUCT_SELECT,
      });
      return toProduct(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateSku(valid.sku);
      throw error;
    }
  }

  /** Adds received goods to a product's available stock (admin), atomically with concurrent checkouts. */
  async restock(productIdInput: string, quantityInput: number): Promise<Product> {
    const productId = requireUuid(productIdInput, 'productId');
    const quantity = validateRestockQuantity(quantityInput);
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.product.findUnique({ where: { id: productId }, select: PRODUCT_SELECT });
      if (!row) throw new NotFoundError('Product', productId);
      // Conditional so the counter cannot overflow the INTEGER column into an internal error.
      const added = await tx.inventory.updateMany({
        where: { productId, available: { lte: MAX_STOCK - quantity } },
        data: { available: { increment: quantity } },
      });
      if (added.count === 0) {
        if (await tx.inventory.findUnique({ where: { productId }, select: { productId: true } })) {
          throw new BadUserInputError(`Stock of ${row.sku} cannot exceed ${MAX_STOCK}`, { field: 'quantity' });
        }
        await tx.inventory.create({ data: { productId, available: quantity } });
      }
      return toProduct(row);
    });
  }
}

/** The filter as SQL over "Product" p LEFT JOIN "Inventory" i; every value is a bound parameter. */
function productConditions(filter: ValidProductFilter): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filter.search !== undefined) {
    // ILIKE with the text's own wildcards escaped, so "50%" means those three characters.
    const pattern = `%${escapeLikePattern(filter.search)}%`;
    conditions.push(Prisma.sql`(p.name ILIKE ${pattern} OR p.sku ILIKE ${pattern} OR p.description ILIKE ${pattern})`);
  }
  if (filter.categoryId !== undefined) conditions.push(Prisma.sql`p."categoryId" = ${filter.categoryId}::uuid`);
  if (filter.minPrice !== undefined) conditions.push(Prisma.sql`p."priceAmount" >= ${filter.minPrice}`);
  if (filter.maxPrice !== undefined) conditions.push(Prisma.sql`p."priceAmount" <= ${filter.maxPrice}`);
  if (filter.inStock === true) conditions.push(Prisma.sql`i.available > 0`);
  if (filter.inStock === false) conditions.push(Prisma.sql`(i."productId" IS NULL OR i.available <= 0)`);
  return Prisma.join(conditions, ' AND ');
}

function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    attributes: isJsonObject(row.attributes) ? row.attributes : {},
    price: { amount: row.priceAmount, currency: row.currency },
    createdAt: row.createdAt,
    categoryId: row.categoryId,
  };
}

function toPreloadedProduct(row: ProductPageRow): Product {
  const category = row.categoryId && row.categorySlug !== null && row.categoryName !== null
    ? { id: row.categoryId, slug: row.categorySlug, name: row.categoryName }
    : null;
  const stock = { available: row.available ?? 0, reserved: row.reserved ?? 0 };
  return { ...toProduct(row), preloaded: { category, stock } };
}

function isJsonObject(value: Prisma.JsonValue): value is Prisma.JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}


function duplicateSku(sku: string): BadUserInputError {
  return new BadUserInputError(`A product with SKU ${sku} already exists`, { field: 'sku' });
}
