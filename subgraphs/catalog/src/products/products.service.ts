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

/** The stable order of the product list; the cursor holds these two keys. */
const PRODUCT_ORDER: Prisma.ProductOrderByWithRelationInput[] = [{ name: 'asc' }, { id: 'asc' }];

@Injectable()
export class ProductsService {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * One page of the product list in (name, id) order, for the public `products` query. `totalCount` counts
   * every product matching the filter, not just the page.
   */
  async list(args: ProductsArgs): Promise<ProductConnection> {
    const first = validatePageSize(args.first);
    const filter = validateProductFilter(args.filter);
    const after = args.after == null ? undefined : decodeProductCursor(args.after);
    const where = productWhere(filter);
    const [rows, totalCount] = await Promise.all([
      this.prisma.product.findMany({
        where: after ? { AND: [where, afterCursor(after)] } : where,
        orderBy: PRODUCT_ORDER,
        take: first + 1,
        select: PRODUCT_SELECT,
      }),
      this.prisma.product.count({ where }),
    ]);
    const edges = rows.slice(0, first).map((row) => ({ cursor: encodeProductCursor(row), node: toProduct(row) }));
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

function productWhere(filter: ValidProductFilter): Prisma.ProductWhereInput {
  const conditions: Prisma.ProductWhereInput[] = [];
  if (filter.search !== undefined) {
    // Prisma passes the text to ILIKE as it is: escape its wildcards so "50%" means those three characters.
    const contains = { contains: escapeLikePattern(filter.search), mode: 'insensitive' } as const;
    conditions.push({ OR: [{ name: contains }, { sku: contains }, { description: contains }] });
  }
  if (filter.categoryId !== undefined) conditions.push({ categoryId: filter.categoryId });
  if (filter.minPrice !== undefined) conditions.push({ priceAmount: { gte: filter.minPrice } });
  if (filter.maxPrice !== undefined) conditions.push({ priceAmount: { lte: filter.maxPrice } });
  if (filter.inStock === true) conditions.push({ inventory: { is: { available: { gt: 0 } } } });
  if (filter.inStock === false) {
    conditions.push({ OR: [{ inventory: { is: null } }, { inventory: { is: { available: { lte: 0 } } } }] });
  }
  return { AND: conditions };
}

function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

function afterCursor(cursor: ProductCursor): Prisma.ProductWhereInput {
  return { OR: [{ name: { gt: cursor.name } }, { name: cursor.name, id: { gt: cursor.id } }] };
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

function isJsonObject(value: Prisma.JsonValue): value is Prisma.JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}


function duplicateSku(sku: string): BadUserInputError {
  return new BadUserInputError(`A product with SKU ${sku} already exists`, { field: 'sku' });
}
