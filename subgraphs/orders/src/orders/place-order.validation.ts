import { BadUserInputError } from '@retail/common';
import type { PlaceOrderInput } from './dto/place-order.input';

export const MAX_ORDER_ITEMS = 50;
export const MAX_ITEM_QUANTITY = 1000;
export const MAX_TOKEN_LENGTH = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export interface ValidPlaceOrder {
  items: { productId: string; quantity: number }[];
  paymentToken: string;
  idempotencyKey: string | null;
}

/**
 * Checks a PlaceOrderInput before anything is read or written; throws BAD_USER_INPUT naming the first
 * problem. A product may appear once per order: repeated product ids are refused rather than merged, so
 * the client's lines are exactly the order's lines. Product ids are normalised to lower case.
 */
export function validatePlaceOrderInput(input: PlaceOrderInput): ValidPlaceOrder {
  const { items, paymentToken, idempotencyKey } = input;
  if (items.length < 1 || items.length > MAX_ORDER_ITEMS) {
    throw new BadUserInputError(`An order has between 1 and ${MAX_ORDER_ITEMS} items`, { field: 'items' });
  }
  const seen = new Set<string>();
  const valid = items.map((item, index) => {
    if (!isUuid(item.productId)) {
      throw new BadUserInputError(`items[${index}].productId is not a valid product id`, { field: 'items' });
    }
    const productId = item.productId.toLowerCase();
    if (seen.has(productId)) {
      throw new BadUserInputError(`Product ${productId} appears more than once; order it once with the total quantity`, {
        field: 'items',
      });
    }
    seen.add(productId);
    if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > MAX_ITEM_QUANTITY) {
      throw new BadUserInputError(`items[${index}].quantity must be between 1 and ${MAX_ITEM_QUANTITY}`, {
        field: 'items',
      });
    }
    return { productId, quantity: item.quantity };
  });
  if (paymentToken.trim().length === 0 || paymentToken.length > MAX_TOKEN_LENGTH) {
    throw new BadUserInputError(`paymentToken must be 1 to ${MAX_TOKEN_LENGTH} characters`, { field: 'paymentToken' });
  }
  if (idempotencyKey != null && (idempotencyKey.length === 0 || idempotencyKey.length > MAX_TOKEN_LENGTH)) {
    throw new BadUserInputError(`idempotencyKey must be 1 to ${MAX_TOKEN_LENGTH} characters`, {
      field: 'idempotencyKey',
    });
  }
  return { items: valid, paymentToken, idempotencyKey: idempotencyKey ?? null };
}
