import { randomUUID } from 'node:crypto';
import type { PrismaService } from '../../src/prisma/prisma.service';

/** Test data written straight to the database, so each test states only what matters to it. */
export async function aCategory(prisma: PrismaService, overrides: { slug?: string; name?: string } = {}) {
  const suffix = randomUUID().slice(0, 8);
  return prisma.category.create({
    data: { slug: overrides.slug ?? `category-${suffix}`, name: overrides.name ?? `Category ${suffix}` },
    select: { id: true, slug: true, name: true },
  });
}

export interface ProductSpec {
  sku?: string;
  name?: string;
  description?: string | null;
  priceAmount?: number;
  categoryId?: string | null;
  attributes?: Record<string, unknown>;
  available?: number;
  reserved?: number;
}

export async function aProduct(prisma: PrismaService, spec: ProductSpec = {}) {
  const suffix = randomUUID().slice(0, 8).toUpperCase();
  return prisma.product.create({
    data: {
      sku: spec.sku ?? `SKU-${suffix}`,
      name: spec.name ?? `Product ${suffix}`,
      description: spec.description ?? null,
      priceAmount: spec.priceAmount ?? 1000,
      currency: 'USD',
      categoryId: spec.categoryId ?? null,
      attributes: (spec.attributes ?? {}) as object,
      inventory: { create: { available: spec.available ?? 10, reserved: spec.reserved ?? 0 } },
    },
    select: { id: true, sku: true, name: true, priceAmount: true },
  });
}

export async function stockOf(prisma: PrismaService, productId: string) {
  return prisma.inventory.findUniqueOrThrow({ where: { productId }, select: { available: true, reserved: true } });
}
