import { composeServices } from '@apollo/composition';
import { ROUTER_SUPPORTED_SUPERGRAPH_FEATURES, Supergraph } from '@apollo/federation-internals';
import { buildSchema, parse, validate, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { CostDirectives, MUTATION_BASE_COST, estimateOperationCost, fragmentsOfDocument } from './operation-cost';
import { DEFAULT_OPERATION_LIMITS, operationLimitRules } from './operation-limits';

const COST_DIRECTIVES = `
  directive @cost(weight: Int!) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | INPUT_FIELD_DEFINITION | OBJECT | SCALAR
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
`;

const shopSdl = `${COST_DIRECTIVES}
  type Query {
    products(first: Int = 20, after: String): ProductConnection! @listSize(slicingArguments: ["first"], sizedFields: ["edges"])
    search(first: Int, last: Int): [Product!]! @listSize(slicingArguments: ["first", "last"], assumedSize: 5)
    categories: [Category!]! @listSize(assumedSize: 30)
    tags: [String!]!
    recommendations(count: Int @cost(weight: 7)): [Product!]! @cost(weight: 4)
  }
  type Mutation { restock(id: ID!): Product! }
  type ProductConnection { totalCount: Int!, pageInfo: PageInfo!, edges: [ProductEdge!]! }
  type PageInfo { hasNextPage: Boolean! }
  type ProductEdge { cursor: String!, node: Product! }
  type Product { id: ID!, name: String!, price: Money!, reviews: [Review!]! }
  type Money @cost(weight: 2) { amount: Int! }
  type Review { stars: Int! }
  type Category { id: ID!, children: [Category!]! }
`;
const shop = buildSchema(shopSdl);
const shopCosts = CostDirectives.fromSdl(shopSdl);

function costIn(schema: GraphQLSchema, directives: CostDirectives, query: string, variables?: Record<string, unknown>, defaultListSize = 10): number {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  if (!operation) throw new Error('no operation');
  return estimateOperationCost(schema, operation, fragmentsOfDocument(document.definitions), { defaultListSize, directives, variables });
}

const cost = (query: string, variables?: Record<string, unknown>) => costIn(shop, shopCosts, query, variables);

describe('estimated operation cost', () => {
  it('weighs objects 1 and scalars 0, unless @cost on the field or its type says otherwise', () => {
    expect(cost('{ products(first: 1) { totalCount pageInfo { hasNextPage } } }')).toBe(1 + 1);
    expect(cost('{ products(first: 1) { edges { node { price { amount } } } } }')).toBe(1 + 1 * (1 + 1 + 2));
    expect(cost('{ recommendations { id } }')).toBe(10 * 4);
    expect(cost('{ recommendations(count: 3) { id } }')).toBe(10 * 4 + 7);
  });

  it('sizes lists by @listSize: the largest slicing argument given, else assumedSize, else the default list size', () => {
    expect(cost('{ search(first: 3) { id } }')).toBe(3);
    expect(cost('{ search(first: 3, last: 8) { id } }')).toBe(8);
    expect(cost('{ search { id } }')).toBe(5);
    expect(cost('{ categories { children { id } } }')).toBe(30 * (1 + 10 * 1));
    expect(cost('{ tags }')).toBe(0);
  });

  it('sizes a connection`s sizedFields (edges) by its slicing argument, its default when absent', () => {
    const page = 'query Page($n: Int) { products(first: $n) { edges { node { id reviews { stars } } } } }';
    const perEdge = 1 + (1 + 10 * 1);
    expect(costIn(shop, shopCosts, page, { n: 4 })).toBe(1 + 4 * perEdge);
    expect(costIn(shop, shopCosts, page, {})).toBe(1 + 20 * perEdge);
    expect(costIn(shop, shopCosts, 'query Page($n: Int = 2) { products(first: $n) { edges { cursor } } }')).toBe(1 + 2);
    expect(costIn(shop, shopCosts, page, { n: 100_000 })).toBeGreaterThan(DEFAULT_OPERATION_LIMITS.maxCost);
  });

  it('charges a mutation its base cost', () => {
    expect(cost('mutation { restock(id: 1) { id } }')).toBe(MUTATION_BASE_COST + 1);
  });

  it('counts fragments through spreads and inline fragments, and ignores __typename', () => {
    expect(cost('{ search(first: 2) { ...P __typename } } fragment P on Product { ... on Product { price { amount } } }')).toBe(2 * (1 + 2));
  });

  it('costs an item of a union or interface as its most expensive possible type', () => {
    const sdl = `
      type Query { accounts: [Account!]! }
      union Account = User | Admin
      type User { name: String!, friends: [Account!]! }
      type Admin { name: String!, audit: Audit! }
      type Audit { id: ID! }
    `;
    const schema = buildSchema(sdl);
    const query = '{ accounts { ... on User { friends { ... on Admin { audit { id } } } } ... on Admin { audit { id } } } }';
    // A User costs 1 + 10 friends of (1 + audit 1); an Admin 1 + audit 1; never both.
    expect(costIn(schema, CostDirectives.none(), query)).toBe(10 * (1 + 10 * (1 + 1)));
  });

  it('reads @cost and @listSize from a composed supergraph, where the subgraphs import them from federation', () => {
    const typeDefs = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@cost", "@listSize"])
      type Query { orders: [Order!]! @listSize(assumedSize: 3) }
      type Order @key(fields: "id") { id: ID!, lines: [Line!]! @listSize(assumedSize: 4), total: Int! @cost(weight: 5) }
      type Line { sku: String! }
    `);
    const composition = composeServices([{ name: 'orders', url: 'http://127.0.0.1:1/graphql', typeDefs }]);
    expect(composition.errors).toBeUndefined();
    const supergraphSdl = composition.supergraphSdl!;
    expect(supergraphSdl).toContain('@link(url: "https://specs.apollo.dev/cost/v0.1"');
    const api = Supergraph.build(supergraphSdl, { supportedFeatures: ROUTER_SUPPORTED_SUPERGRAPH_FEATURES }).apiSchema().toGraphQLJSSchema();
    expect(costIn(api, CostDirectives.fromSdl(supergraphSdl), '{ orders { total lines { sku } } }')).toBe(3 * (1 + 5 + 4 * 1));
  });

  it('does not loop on fragment cycles (graphql-js reports those)', () => {
    expect(cost('{ categories { ...C } } fragment C on Category { children { ...C } }')).toBe(30 * (1 + 10 * 1));
  });
});

/**
 * The shapes of the three federation gateway audit queries a stock gateway answers and the old estimate
 * (every field 1, every list 20 at every level) refused: three levels of lists whose size nobody states.
 * Under the default limits they pass; one level more is still refused.
 */
describe('nested lists of unstated size under the default limits', () => {
  const limits = operationLimitRules(DEFAULT_OPERATION_LIMITS);

  // child-type-mismatch: a union whose members list similar accounts, two levels down.
  const accounts = buildSchema(`
    type Query { users: [User!]!, accounts: [Account!]! }
    union Account = User | Admin
    type User { id: ID!, name: String!, similarAccounts: [Account!]! }
    type Admin { id: ID!, name: String!, similarAccounts: [Account!]! }
  `);
  const both = (inner: string) => `... on User { id name ${inner} } ... on Admin { id name ${inner} }`;
  const deeplyNested = `{ users { id name } accounts { ${both(`similarAccounts { ${both(`similarAccounts { ${both('')} }`)} }`)} } }`;

  // nested-provides: products, their categories, their subcategories.
  const catalog = buildSchema(`
    type Query { products: [Product!]! }
    type Product { id: ID!, categories: [Category!]! }
    type Category { id: ID!, name: String!, subCategories: [Category!]! }
  `);
  const nestedProvides = '{ products { id categories { id name subCategories { id name } } } }';

  it.each([
    ['DeeplyNestedInternalAlias', accounts, deeplyNested],
    ['DeeplyNested', accounts, deeplyNested.replace('users { id name } ', '')],
    ['nested-provides', catalog, nestedProvides],
  ])('%s passes', (_name, schema, query) => {
    expect(validate(schema, parse(query), limits).map((error) => error.message)).toEqual([]);
  });

  it('refuses a fourth level of such lists', () => {
    const deeper = '{ products { categories { subCategories { subCategories { id } } } } }';
    const [error] = validate(catalog, parse(deeper), limits);
    expect(error?.message).toBe('Operation has an estimated cost of 11110; the maximum cost is 5000');
  });
});
