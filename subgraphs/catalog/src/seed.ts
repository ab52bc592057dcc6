import { Logger } from '@nestjs/common';
import { postgresAdapter, startTelemetry } from '@retail/common';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadCatalogConfig, type CatalogConfig } from './config';
import { PrismaClient } from './generated/prisma/client';
import type { CreateProductInput } from './products/dto/create-product.input';
import { validateCreateProductInput } from './products/product-validation';

const SEED_DATA_PATH = join('prisma', 'catalog', 'seed-data.json');

interface SeedCategory {
  slug: string;
  name: string;
}

interface SeedProduct extends Omit<CreateProductInput, 'categoryId'> {
  /** Slug of one of the seed categories. */
  category?: string | null;
}

export interface CatalogSeedData {
  categories: SeedCategory[];
  products: SeedProduct[];
}

export interface CatalogSeedSummary {
  categories: number;
  productsCreated: number;
  productsUpdated: number;
}

/**
 * Loads the demo catalog. Safe to run any number of times: categories are upserted by slug and products by
 * SKU, and the stock of a product that already exists is never touched.
 */
export async function seedCatalog(
  config: Pick<CatalogConfig, 'databaseUrl'>,
  data: CatalogSeedData = readSeedData(),
): Promise<CatalogSeedSummary> {
  const prisma = new PrismaClient({ adapter: postgresAdapter(config.databaseUrl, 2) });
  try {
    const categoryIds = new Map<string, string>();
    for (const category of data.categories) {
      const row = await prisma.category.upsert({
        where: { slug: category.slug },
        create: { slug: category.slug, name: category.name },
        update: { name: category.name },
        select: { id: true },
      });
      categoryIds.set(category.slug, row.id);
    }

    const summary: CatalogSeedSummary = { categories: categoryIds.size, productsCreated: 0, productsUpdated: 0 };
    for (const product of data.products) {
      const valid = validateCreateProductInput({ ...product, categoryId: null });
      const categoryId = product.category ? categoryIds.get(product.category) : null;
      if (categoryId === undefined) throw new Error(`Seed product ${valid.sku}: unknown category ${product.category}`);
      const details = {
        name: valid.name,
        description: valid.description,
        priceAmount: valid.priceAmount,
        currency: valid.currency,
        categoryId,
        attributes: valid.attributes as object,
      };
      const existed = await prisma.product.findUnique({ where: { sku: valid.sku }, select: { id: true } });
      await prisma.$transaction(async (tx) => {
        const row = await tx.product.upsert({
          where: { sku: valid.sku },
          create: { sku: valid.sku, ...details },
          update: details,
          select: { id: true },
        });
        // Only a missing inventory row gets the initial stock: sold or restocked units stay as they are.
        await tx.inventory.createMany({
          data: [{ productId: row.id, available: valid.initialStock }],
          skipDuplicates: true,
        });
      });
      if (existed) summary.productsUpdated += 1;
      else summary.productsCreated += 1;
    }
    return summary;
  } finally {
    await prisma.$disconnect();
  }
}

/** The demo data shipped in the repository, found from this file whether it runs from src/ or dist/. */
export function readSeedData(path: string = findSeedDataFile()): CatalogSeedData {
  const data = JSON.parse(readFileSync(path, 'utf8')) as Partial<CatalogSeedData>;
  if (!Array.isArray(data.categories) || !Array.isArray(data.products)) {
    throw new Error(`${path} must hold "categories" and "products" arrays`);
  }
  return data as CatalogSeedData;
}

function findSeedDataFile(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, SEED_DATA_PATH);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`No ${SEED_DATA_PATH} above ${from}`);
  }
}

if (require.main === module) {
  // The one-shot seed logs like the service (JSON in production, no colours off a terminal); it needs no traces.
  startTelemetry('catalog');
  const logger = new Logger('catalog-seed');
  seedCatalog(loadCatalogConfig())
    .then((summary) =>
      logger.log(
        `${summary.categories} categories, ${summary.productsCreated} products created, ` +
          `${summary.productsUpdated} updated`,
      ),
    )
    .catch((error: unknown) => {
      logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 1;
    });
}
