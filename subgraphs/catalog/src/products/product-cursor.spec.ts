import { decodeProductCursor, encodeProductCursor } from './product-cursor';

const ID = '3f2b8c1e-9a4d-4c7e-8b1a-2d3e4f5a6b7c';

function codeOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return (error as { extensions?: { code?: unknown } }).extensions?.code;
  }
  return undefined;
}

describe('product cursors', () => {
  it('decodes what it encodes, including names with quotes, commas and non-ASCII letters', () => {
    const cursor = { name: 'Chef\'s "Knife", 8″ – ünïcode', id: ID };
    expect(decodeProductCursor(encodeProductCursor(cursor))).toEqual(cursor);
  });

  it('produces URL-safe text that does not spell out the sort key', () => {
    const encoded = encodeProductCursor({ name: 'Zip Hoodie', id: ID });
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(encoded).not.toContain('Hoodie');
  });

  it('normalizes the id to lower case', () => {
    const encoded = encodeProductCursor({ name: 'a', id: ID.toUpperCase() });
    expect(decodeProductCursor(encoded).id).toBe(ID);
  });

  it.each([
    ['empty text', ''],
    ['characters outside base64url', 'abc+/='],
    ['base64url of something that is not JSON', Buffer.from('not json').toString('base64url')],
    ['a JSON object instead of the key pair', Buffer.from('{"name":"a","id":"x"}').toString('base64url')],
    ['a pair whose id is not a UUID', Buffer.from('["a","42"]').toString('base64url')],
    ['a pair whose name is not a string', Buffer.from(`[1,"${ID}"]`).toString('base64url')],
    ['a triple', Buffer.from(`["a","${ID}","x"]`).toString('base64url')],
  ])('rejects %s as BAD_USER_INPUT', (_label, value) => {
    expect(codeOf(() => decodeProductCursor(value))).toBe('BAD_USER_INPUT');
  });
});
