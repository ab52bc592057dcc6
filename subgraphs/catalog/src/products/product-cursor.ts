import { BadUserInputError } from '@retail/common';
import { isUuid } from '../validation';

/** Position of a product in the (name, id) order of the product list. */
export interface ProductCursor {
  name: string;
  id: string;
}

/** Opaque to clients: base64url of the sort key, so the encoding can change without breaking them. */
export function encodeProductCursor(cursor: ProductCursor): string {
  return Buffer.from(JSON.stringify([cursor.name, cursor.id]), 'utf8').toString('base64url');
}

/** The position a cursor from `encodeProductCursor` stands for, or BAD_USER_INPUT for anything else. */
export function decodeProductCursor(value: string): ProductCursor {
  const invalid = () => new BadUserInputError('Invalid cursor', { field: 'after' });
  if (!/^[A-Za-z0-9_-]+$/.test(value)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw invalid();
  const [name, id] = decoded as unknown[];
  if (typeof name !== 'string' || typeof id !== 'string' || !isUuid(id)) throw invalid();
  return { name, id: id.toLowerCase() };
}
