import type { Money } from '../format/money';

/** One line of the cart: what the shopper saw when adding it. The server prices the order again at checkout. */
export interface CartLine {
  productId: string;
  name: string;
  unitPrice: Money;
  quantity: number;
}

export type Cart = readonly CartLine[];

/** Orders larger than this per line are unusual for a shop; the API checks stock anyway. */
export const MAX_QUANTITY_PER_LINE = 99;

export type CartAction =
  | { type: 'add'; line: Omit<CartLine, 'quantity'>; quantity: number }
  | { type: 'set-quantity'; productId: string; quantity: number }
  | { type: 'remove'; productId: string }
  | { type: 'clear' };

export function cartReducer(cart: Cart, action: CartAction): Cart {
  switch (action.type) {
    case 'add': {
      const existing = cart.find((line) => line.productId === action.line.productId);
      if (!existing) return [...cart, { ...action.line, quantity: clampQuantity(action.quantity) }];
      return cart.map((line) =>
        line === existing ? { ...line, ...action.line, quantity: clampQuantity(line.quantity + action.quantity) } : line,
      );
    }
    case 'set-quantity':
      if (action.quantity <= 0) return cart.filter((line) => line.productId !== action.productId);
      return cart.map((line) => (line.productId === action.productId ? { ...line, quantity: clampQuantity(action.quantity) } : line));
    case 'remove':
      return cart.filter((line) => line.productId !== action.productId);
    case 'clear':
      return [];
  }
}

export function itemCount(cart: Cart): number {
  return cart.reduce((count, line) => count + line.quantity, 0);
}

/** The cart's total as shown before checkout; null when lines are in different currencies. */
export function cartTotal(cart: Cart): Money | null {
  if (cart.length === 0) return null;
  const currency = cart[0].unitPrice.currency;
  if (cart.some((line) => line.unitPrice.currency !== currency)) return null;
  return { amount: cart.reduce((sum, line) => sum + line.unitPrice.amount * line.quantity, 0), currency };
}

/** What PlaceOrder takes. */
export function orderItemsOf(cart: Cart): { productId: string; quantity: number }[] {
  return cart.map(({ productId, quantity }) => ({ productId, quantity }));
}

/** Reads a cart saved by an earlier visit, dropping anything malformed. */
export function parseSavedCart(saved: string | null): Cart {
  if (!saved) return [];
  try {
    const lines: unknown = JSON.parse(saved);
    if (!Array.isArray(lines)) return [];
    return lines.filter(isCartLine);
  } catch {
    return [];
  }
}

function isCartLine(value: unknown): value is CartLine {
  const line = value as Partial<CartLine> | null;
  return (
    typeof line?.productId === 'string' &&
    typeof line.name === 'string' &&
    typeof line.unitPrice?.amount === 'number' &&
    typeof line.unitPrice.currency === 'string' &&
    Number.isInteger(line.quantity) &&
    (line.quantity ?? 0) > 0
  );
}

function clampQuantity(quantity: number): number {
  return Math.min(MAX_QUANTITY_PER_LINE, Math.max(1, Math.floor(quantity)));
}
