import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { PerRequest, type RequestContext } from '@retail/common';
import { CategoriesService } from '../categories/categories.service';
import type { Category } from '../categories/models/category.model';
import type { Product } from '../products/models/product.model';
import { ProductsService } from '../products/products.service';
import type { Stock } from '../stock/models/stock.model';
import { StockService } from '../stock/stock.service';

/** Batches lookups made while resolving one request: one query per entity type and tick. */
export interface CatalogRequestLoaders {
  productById: DataLoader<string, Product | null>;
  categoryById: DataLoader<string, Category | null>;
  stockByProductId: DataLoader<string, Stock>;
}

const MAX_BATCH_SIZE = 1_000;

/** This request's loaders (a fresh set per request, so nothing is cached across callers). */
@Injectable()
export class CatalogLoaders {
  private readonly loaders = new PerRequest<CatalogRequestLoaders>(() => ({
    productById: new DataLoader((ids) => this.products.findByIds(ids), { maxBatchSize: MAX_BATCH_SIZE }),
    categoryById: new DataLoader((ids) => this.categories.findByIds(ids), { maxBatchSize: MAX_BATCH_SIZE }),
    stockByProductId: new DataLoader((ids) => this.stock.findByProductIds(ids), { maxBatchSize: MAX_BATCH_SIZE }),
  }));

  constructor(
    private readonly products: ProductsService,
    private readonly categories: CategoriesService,
    private readonly stock: StockService,
  ) {}

  of(context: RequestContext): CatalogRequestLoaders {
    return this.loaders.of(context);
  }
}
