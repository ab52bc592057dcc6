import { buildSchema, parse, validate, type GraphQLError } from 'graphql';
import {
  DEFAULT_OPERATION_LIMITS,
  maxAliasesRule,
  maxCostRule,
  maxDepthRule,
  readOperationLimits,
  subgraphOperationLimitRules,
} from './operation-limits';
import { EnvReader, readConfig } from '../config/env-reader';

const schema = buildSchema(`
  type Query { category(id: ID!): Category, categories(limit: Int): [Category!]!, products(first: Int): ProductConnection! }
  type Category { id: ID!, parent: Category, children: [Category!]! }
  type ProductConnection { edges: [ProductEdge!]! }
  type ProductEdge { node: Product! }
  type Product { id: ID!, name: String! }
`);

function errors(query: string, rule: Parameters<typeof validate>[2]): readonly GraphQLError[] {
  return validate(schema, parse(query), rule);
}

/** `category(id: 1) { parent { ... id } }`, `depth` fields deep. */
function nestedParents(depth: number): string {
  return `category(id: 1) { ${'parent { '.repeat(depth - 2)}id${' }'.repeat(depth - 2)} }`;
}

describe('operation limits', () => {
  it('counts depth through fragments and inline fragments, and refuses deeper operations', () => {
    const query = 'query Q { category(id: 1) { ...P } } fragment P on Category { parent { ... on Category { parent { id } } } }';
    expect(errors(query, [maxDepthRule(4)])).toHaveLength(0);
    const [error] = errors(query, [maxDepthRule(3)]);
    expect(error.message).toBe('Operation Q is nested 4 levels deep; the maximum depth is 3');
    expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('does not loop on fragment cycles (graphql-js reports those)', () => {
    const query = '{ category(id: 1) { ...A } } fragment A on Category { parent { ...A } }';
    expect(errors(query, [maxDepthRule(5), maxAliasesRule(5), maxCostRule({ maxCost: 100, defaultListSize: 20 })])).toHaveLength(0);
  });

  it('counts aliases, also those in fragments', () => {
    const query = '{ a: category(id: 1) { ...F } b: category(id: 2) { id } } fragment F on Category { x: id y: id }';
    expect(errors(query, [maxAliasesRule(4)])).toHaveLength(0);
    expect(errors(query, [maxAliasesRule(3)])[0].message).toContain('uses 4 aliases; the maximum is 3');
  });

  it('refuses operations over the cost limit with a message naming it', () => {
    const [error] = errors('{ categories { children { children { id } } } }', [maxCostRule({ maxCost: 5000, defaultListSize: 20 })]);
    expect(error.message).toBe('Operation has an estimated cost of 8420; the maximum cost is 5000');
  });

  it('lets subgraphs take entity fetches one level deeper than client operations, at any batch size', () => {
    const clientDepth = nestedParents(12);
    expect(errors(`{ ${clientDepth} }`, [maxDepthRule(12)])).toHaveLength(0);
    const entitySchema = buildSchema(`
      union _Entity = Category
      type Query { _entities(representations: [String!]!): [_Entity]! }
      type Category { id: ID!, parent: Category }
    `);
    const fetch = parse(`query($r: [String!]!) { _entities(representations: $r) { ... on Category { ${nestedParents(12).replace(/^category\(id: 1\) /, 'parent ')} } } }`);
    expect(validate(entitySchema, fetch, subgraphOperationLimitRules())).toEqual([]);
  });

  it('reads limits from GRAPHQL_MAX_* variables, with defaults', () => {
    const reader = new EnvReader({ GRAPHQL_MAX_DEPTH: '8', GRAPHQL_MAX_COST: '100' });
    expect(readOperationLimits(reader)).toEqual({ ...DEFAULT_OPERATION_LIMITS, maxDepth: 8, maxCost: 100 });
    expect(() => readConfig(readOperationLimits, { GRAPHQL_MAX_TOKENS: 'lots' })).toThrow('GRAPHQL_MAX_TOKENS must be an integer');
  });
});
