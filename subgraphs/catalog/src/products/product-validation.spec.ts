import type { CreateProductInput } from './dto/create-product.input';
import {
  validateCreateProductInput,
  validatePageSize,
  validateProductFilter,
  validateRestockQuantity,
} from './product-validation';

const CATEGORY_ID = '3f2b8c1e-9a4d-4c7e-8b1a-2d3e4f5a6b7c';

function failure(action: () => unknown): { code?: unknown; field?: unknown } | undefined {
  try {
    action();
  } catch (error) {
    return (error as { extensions?: { code?: unknown; field?: unknown } }).extensions;
  }
  return undefined;
}

const validInput = (overrides: Partial<CreateProductInput> = {}): CreateProductInput => ({
  sku: 'TEE-001',
  name: 'Tee',
  priceAmount: 1999,
  currency: 'USD',
  initialStock: 10,
  ...overrides,
});

describe('validatePageSize', () => {
  it('defaults to 20 when first is not given', () => {
    expect(validatePageSize(undefined)).toBe(20);
    expect(validatePageSize(null)).toBe(20);
  });

  it('accepts 1 to 100', () => {
    expect(validatePageSize(1)).toBe(1);
    expect(validatePageSize(100)).toBe(100);
  });

  it.each([0, -1, 101])('rejects %d as BAD_USER_INPUT on first', (first) => {
    expect(failure(() => validatePageSize(first))).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

describe('validateProductFilter', () => {
  it('treats a missing filter and blank search as no criteria', () => {
    expect(validateProductFilter(undefined)).toEqual({});
    expect(validateProductFilter({ search: '   ' })).toEqual({});
  });

  it('keeps every given criterion, trimmed and normalized', () => {
    expect(
      validateProductFilter({
        search: '  hoodie ',
        categoryId: CATEGORY_ID.toUpperCase(),
        minPrice: 0,
        maxPrice: 5000,
        inStock: false,
      }),
    ).toEqual({ search: 'hoodie', categoryId: CATEGORY_ID, minPrice: 0, maxPrice: 5000, inStock: false });
  });

  it('accepts equal minimum and maximum prices', () => {
    expect(validateProductFilter({ minPrice: 100, maxPrice: 100 })).toEqual({ minPrice: 100, maxPrice: 100 });
  });

  it.each([
    ['a negative minimum price', { minPrice: -1 }, 'minPrice'],
    ['a negative maximum price', { maxPrice: -5 }, 'maxPrice'],
    ['a minimum above the maximum', { minPrice: 500, maxPrice: 499 }, 'minPrice'],
    ['a category id that is not a UUID', { categoryId: 'shoes' }, 'categoryId'],
    ['a search longer than 200 characters', { search: 'x'.repeat(201) }, 'search'],
  ])('rejects %s', (_label, filter, field) => {
    expect(failure(() => validateProductFilter(filter))).toEqual({ code: 'BAD_USER_INPUT', field });
  });
});

describe('validateCreateProductInput', () => {
  it('trims and upper-cases the SKU and defaults optional fields', () => {
    expect(validateCreateProductInput(validInput({ sku: '  tee-001 ', name: ' Tee ', description: '  ' }))).toEqual({
      sku: 'TEE-001',
      name: 'Tee',
      description: null,
      priceAmount: 1999,
      currency: 'USD',
      categoryId: null,
      attributes: {},
      initialStock: 10,
    });
  });

  it('keeps a JSON object of attributes', () => {
    const attributes = { color: 'red', sizes: ['S', 'M'] };
    expect(validateCreateProductInput(validInput({ attributes })).attributes).toEqual(attributes);
  });

  it('accepts a free product with no stock', () => {
    expect(validateCreateProductInput(validInput({ priceAmount: 0, initialStock: 0 }))).toMatchObject({
      priceAmount: 0,
      initialStock: 0,
    });
  });

  it.each([
    ['a one-character SKU', { sku: 'A' }, 'sku'],
    ['a SKU starting with a dash', { sku: '-ABC' }, 'sku'],
    ['a SKU with spaces inside', { sku: 'AB C' }, 'sku'],
    ['a SKU longer than 64 characters', { sku: 'A'.repeat(65) }, 'sku'],
    ['an empty name', { name: '  ' }, 'name'],
    ['a negative price', { priceAmount: -1 }, 'priceAmount'],
    ['a lower-case currency', { currency: 'usd' }, 'currency'],
    ['a currency of four letters', { currency: 'USDX' }, 'currency'],
    ['a category id that is not a UUID', { categoryId: 'apparel' }, 'categoryId'],
    ['attributes that are an array', { attributes: ['red'] }, 'attributes'],
    ['attributes that are a string', { attributes: 'red' }, 'attributes'],
    ['attributes over 16 KB', { attributes: { text: 'x'.repeat(16 * 1024) } }, 'attributes'],
    ['a negative initial stock', { initialStock: -1 }, 'initialStock'],
  ])('rejects %s', (_label, overrides, field) => {
    expect(failure(() => validateCreateProductInput(validInput(overrides)))).toEqual({ code: 'BAD_USER_INPUT', field });
  });

  it('accepts a SKU of exactly 64 characters', () => {
    expect(validateCreateProductInput(validInput({ sku: 'A'.repeat(64) })).sku).toHaveLength(64);
  });
});

describe('validateRestockQuantity', () => {
  it('accepts 1 to 1,000,000', () => {
    expect(validateRestockQuantity(1)).toBe(1);
    expect(validateRestockQuantity(1_000_000)).toBe(1_000_000);
  });

  it.each([0, -3, 1_000_001])('rejects %d', (quantity) => {
    expect(failure(() => validateRestockQuantity(quantity))).toEqual({ code: 'BAD_USER_INPUT', field: 'quantity' });
  });
});
