import { BadUserInputError } from '@retail/common';
import { requireIntInRange, requireText, requireUuid } from '../validation';
import type { CreateProductInput } from './dto/create-product.input';
import type { ProductFilter } from './dto/product-filter.input';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
export const MAX_SEARCH_LENGTH = 200;
export const MAX_ATTRIBUTES_BYTES = 16 * 1024;
export const MAX_RESTOCK_QUANTITY = 1_000_000;

const SKU_PATTERN = /^[A-Z0-9][A-Z0-9-]{1,63}$/;
const CURRENCY_PATTERN = /^[A-Z]{3}$/;
/** The largest value of a PostgreSQL INTEGER column. */
const MAX_PRICE = 2_147_483_647;
export const MAX_STOCK = 2_147_483_647;

/** A product filter with every field checked; absent criteria are undefined. */
export interface ValidProductFilter {
  search?: string;
  categoryId?: string;
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
}

export interface ValidProductInput {
  sku: string;
  name: string;
  description: string | null;
  priceAmount: number;
  currency: string;
  categoryId: string | null;
  attributes: Record<string, unknown>;
  initialStock: number;
}

/** `first` of the product list: 1..100, 20 when not given. */
export function validatePageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  return requireIntInRange(first, 'first', 1, MAX_PAGE_SIZE);
}

export function validateProductFilter(filter: ProductFilter | null | undefined): ValidProductFilter {
  if (!filter) return {};
  const valid: ValidProductFilter = {};
  const search = filter.search?.trim();
  if (search) {
    if (search.length > MAX_SEARCH_LENGTH) {
      throw new BadUserInputError(`search must be at most ${MAX_SEARCH_LENGTH} characters`, { field: 'search' });
    }
    valid.search = search;
  }
  if (filter.categoryId != null) valid.categoryId = requireUuid(filter.categoryId, 'categoryId');
  if (filter.minPrice != null) valid.minPrice = requireIntInRange(filter.minPrice, 'minPrice', 0, MAX_PRICE);
  if (filter.maxPrice != null) valid.maxPrice = requireIntInRange(filter.maxPrice, 'maxPrice', 0, MAX_PRICE);
  if (valid.minPrice !== undefined && valid.maxPrice !== undefined && valid.minPrice > valid.maxPrice) {
    throw new BadUserInputError('minPrice must not be greater than maxPrice', { field: 'minPrice' });
  }
  if (filter.inStock != null) valid.inStock = filter.inStock;
  return valid;
}

/** Checks and normalizes everything about a new product that needs no database (SKU case, trimming, limits). */
export function validateCreateProductInput(input: CreateProductInput): ValidProductInput {
  const sku = input.sku.trim().toUpperCase();
  if (!SKU_PATTERN.test(sku)) {
    throw new BadUserInputError(
      'sku must be 2 to 64 characters of letters, digits and dashes, starting with a letter or digit',
      { field: 'sku' },
    );
  }
  const description = input.description?.trim() || null;
  if (description !== null && description.length > 5000) {
    throw new BadUserInputError('description must be at most 5000 characters', { field: 'description' });
  }
  if (!CURRENCY_PATTERN.test(input.currency)) {
    throw new BadUserInputError('currency must be an ISO 4217 code of three upper-case letters', {
      field: 'currency',
    });
  }
  return {
    sku,
    name: requireText(input.name, 'name', 200),
    description,
    priceAmount: requireIntInRange(input.priceAmount, 'priceAmount', 0, MAX_PRICE),
    currency: input.currency,
    categoryId: input.categoryId == null ? null : requireUuid(input.categoryId, 'categoryId'),
    attributes: validateAttributes(input.attributes),
    initialStock: requireIntInRange(input.initialStock, 'initialStock', 0, MAX_STOCK),
  };
}

/** Attributes are a JSON object (not an array or a scalar) of at most 16 KB once serialized. */
export function validateAttributes(attributes: unknown): Record<string, unknown> {
  if (attributes === null || attributes === undefined) return {};
  if (typeof attributes !== 'object' || Array.isArray(attributes)) {
    throw new BadUserInputError('attributes must be a JSON object', { field: 'attributes' });
  }
  if (Buffer.byteLength(JSON.stringify(attributes), 'utf8') > MAX_ATTRIBUTES_BYTES) {
    throw new BadUserInputError(`attributes must be at most ${MAX_ATTRIBUTES_BYTES} bytes of JSON`, {
      field: 'attributes',
    });
  }
  return attributes as Record<string, unknown>;
}

export function validateRestockQuantity(quantity: number): number {
  return requireIntInRange(quantity, 'quantity', 1, MAX_RESTOCK_QUANTITY);
}
