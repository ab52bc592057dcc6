import { ApolloServer } from '@apollo/server';
import { composeServices } from '@apollo/composition';
import { ROUTER_SUPPORTED_SUPERGRAPH_FEATURES, Supergraph } from '@apollo/federation-internals';
import { parse, printSchema } from 'graphql';
import type { Principal } from '@retail/common';
import type { GatewayContext } from '../gateway-context';
import { authorizationPlugin } from './authorization.plugin';

const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.12", import: ["@key", "@authenticated", "@requiresScopes"])`;

/** Two small subgraphs in the shape of ours: public fields, signed-in fields and an admin mutation. */
const SUBGRAPHS = [
  {
    name: 'accounts',
    url: 'http://accounts.invalid/graphql',
    typeDefs: parse(`${LINK}
      type User @key(fields: "id") { id: ID! email: String! }
      type Query { me: User! @authenticated }
      type Mutation { login(email: String!): String! }`),
  },
  {
    name: 'catalog',
    url: 'http://catalog.invalid/graphql',
    typeDefs: parse(`${LINK}
      type Product @key(fields: "id") { id: ID! name: String! secret: String! @requiresScopes(scopes: [["admin"], ["catalog:audit", "catalog:read"]]) }
      type User @key(fields: "id") { id: ID! orders: [String!]! @authenticated }
      type Query { products: [Product!]! }
      type Mutation { createProduct(name: String!): Product! @requiresScopes(scopes: [["admin"]]) }`),
  },
];

function composedSupergraph(): string {
  const result = composeServices(SUBGRAPHS);
  if (result.errors) throw new Error(result.errors.map((error) => error.message).join('\n'));
  return result.supergraphSdl;
}

describe('authorizationPlugin', () => {
  const supergraphSdl = composedSupergraph();
  const resolved: string[] = [];
  const product = { id: 'p1', name: 'Shirt', secret: 's' };
  const server = new ApolloServer<GatewayContext>({
    // The API schema stands in for the gateway: every resolver call would be a subgraph call.
    typeDefs: printSchema(
      Supergraph.build(supergraphSdl, { supportedFeatures: ROUTER_SUPPORTED_SUPERGRAPH_FEATURES }).apiSchema().toGraphQLJSSchema(),
    ),
    resolvers: {
      Query: {
        me: () => (resolved.push('me'), { id: 'u1', email: 'ada@example.com' }),
        products: () => (resolved.push('products'), [product]),
      },
      Mutation: {
        login: () => (resolved.push('login'), 'token'),
        createProduct: () => (resolved.push('createProduct'), product),
      },
      User: { orders: () => [] },
    },
    plugins: [authorizationPlugin(supergraphSdl)],
  });

  const customer: Principal = { kind: 'user', userId: 'u1', role: 'CUSTOMER' };
  const admin: Principal = { kind: 'user', userId: 'u2', role: 'ADMIN' };

  async function run(query: string, principal?: Principal) {
    const response = await server.executeOperation({ query }, { contextValue: { requestId: 'r1', principal } });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const { data, errors } = response.body.singleResult;
    return { status: response.http.status, data, codes: (errors ?? []).map((error) => error.extensions?.code) };
  }

  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => resolved.splice(0));

  it('lets anyone run operations that select no protected field', async () => {
    expect(await run('{ products { id name } }')).toEqual(expect.objectContaining({ codes: [] }));
    expect((await run('mutation { login(email: "a@b.c") }')).data).toEqual({ login: 'token' });
  });

  it('refuses an @authenticated field without a verified caller, before anything is resolved', async () => {
    const result = await run('{ products { id } me { id } }');
    expect(result).toEqual({ status: 401, data: undefined, codes: ['UNAUTHENTICATED'] });
    expect(resolved).toEqual([]);
  });

  it('finds protected fields inside fragments and inline fragments', async () => {
    expect((await run('{ ...Mine } fragment Mine on Query { me { id } }')).codes).toEqual(['UNAUTHENTICATED']);
    expect((await run('{ me { ... on User { orders } } }', customer)).codes).toEqual([]);
    expect((await run('query { products { ...P } } fragment P on Product { secret }', customer)).codes).toEqual(['FORBIDDEN']);
  });

  it('only checks the operation that runs', async () => {
    const response = await server.executeOperation(
      { query: 'query Public { products { id } } query Private { me { id } }', operationName: 'Public' },
      { contextValue: { requestId: 'r1' } },
    );
    expect(response.body.kind === 'single' && response.body.singleResult.errors).toBeUndefined();
  });

  it('refuses a @requiresScopes mutation to a customer with FORBIDDEN and to anonymous callers with UNAUTHENTICATED', async () => {
    const asCustomer = await run('mutation { createProduct(name: "x") { id } }', customer);
    expect(asCustomer).toEqual({ status: 403, data: undefined, codes: ['FORBIDDEN'] });
    expect((await run('mutation { createProduct(name: "x") { id } }')).codes).toEqual(['UNAUTHENTICATED']);
    expect(resolved).toEqual([]);
  });

  it('maps the ADMIN role to the scope admin', async () => {
    const result = await run('mutation { createProduct(name: "x") { id secret } }', admin);
    expect(result.codes).toEqual([]);
    expect(resolved).toEqual(['createProduct']);
  });

  it('accepts any one of the alternative scope sets, each in full, from a service client', async () => {
    const query = '{ products { secret } }';
    const service = (scopes: string[]): Principal => ({ kind: 'service', clientId: 'reports', scopes });
    expect((await run(query, service(['catalog:audit', 'catalog:read']))).codes).toEqual([]);
    expect((await run(query, service(['catalog:audit']))).codes).toEqual(['FORBIDDEN']);
    expect((await run(query, service(['admin']))).codes).toEqual([]);
  });
});
