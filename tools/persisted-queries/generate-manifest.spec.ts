import { readFileSync } from 'node:fs';
import { CLIENT_OPERATIONS_FILE, MANIFEST_FILE, generateManifest } from './generate-manifest';
import { buildManifest, sha256Hex } from './persisted-query-manifest';

describe('generate-manifest', () => {
  it('matches the committed gateway/operations/manifest.json (run the generator after changing client.graphql)', () => {
    expect(readFileSync(MANIFEST_FILE, 'utf8')).toBe(generateManifest(CLIENT_OPERATIONS_FILE));
  });

  it('lists every named operation with its type and the sha256 of its body as id', () => {
    const manifest = buildManifest(`
      query Product($id: ID!) { product(id: $id) { ...ProductFields } }
      mutation Logout($token: String!) { logout(refreshToken: $token) }
      fragment ProductFields on Product { id name }
    `);
    expect(manifest.format).toBe('apollo-persisted-query-manifest');
    expect(manifest.operations.map(({ name, type }) => ({ name, type }))).toEqual([
      { name: 'Product', type: 'query' },
      { name: 'Logout', type: 'mutation' },
    ]);
    const [product] = manifest.operations;
    expect(product.body).toContain('fragment ProductFields on Product');
    expect(product.id).toBe(sha256Hex(product.body));
  });

  it('refuses anonymous operations', () => {
    expect(() => buildManifest('{ categories { id } }')).toThrow('needs a name');
  });
});
