import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { gatewayLoadableSupergraph } from './gateway-supergraph';
import { SchemaAuthRequirements } from './schema-auth-requirements';

describe(gatewayLoadableSupergraph.name, () => {
  const composed = readFileSync(join(__dirname, '..', '..', 'supergraph.graphql'), 'utf8');

  it('turns the composed supergraph, which @apollo/gateway refuses, into one it loads', () => {
    expect(() => Supergraph.build(composed)).toThrow(/authenticated\/v0\.1 is for: SECURITY but is unsupported/);
    const loadable = gatewayLoadableSupergraph(composed);
    expect(() => Supergraph.build(loadable)).not.toThrow();
    expect(loadable).toContain('@link(url: "https://specs.apollo.dev/authenticated/v0.1")');
    expect(loadable).toContain('@link(url: "https://specs.apollo.dev/inaccessible/v0.2", for: SECURITY)');
  });

  it('keeps every directive the authorization plugin reads', () => {
    const requirement = (sdl: string) => SchemaAuthRequirements.fromSupergraph(sdl).requirementFor('Mutation', 'createProduct', 'Product');
    expect(requirement(composed)).toEqual({ authenticated: true, scopeSets: [['admin']] });
    expect(requirement(gatewayLoadableSupergraph(composed))).toEqual(requirement(composed));
  });

  it('leaves a supergraph without those features as it is', () => {
    const plain = composed.replace(/\s*@link\(url: "https:\/\/specs\.apollo\.dev\/(authenticated|requiresScopes)\/v0\.1", for: SECURITY\)/g, '');
    expect(gatewayLoadableSupergraph(plain)).toBe(plain);
  });
});
