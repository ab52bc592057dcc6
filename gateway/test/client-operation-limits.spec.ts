import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, getNullableType, isListType, isObjectType, parse, validate, type OperationDefinitionNode } from 'graphql';
import {
  CostDirectives,
  DEFAULT_OPERATION_LIMITS,
  REPO_ROOT,
  estimateOperationCost,
  fragmentsOfDocument,
  operationLimitRules,
} from '@retail/common';
import { apiSchemaOf } from '@retail/tools/schema/api-schema';

const supergraphSdl = readFileSync(join(REPO_ROOT, 'gateway', 'supergraph.graphql'), 'utf8');
const schema = apiSchemaOf(supergraphSdl);
// What the gateway estimates with: the @cost / @listSize the subgraphs declare, composed into the supergraph.
const directives = CostDirectives.fromSdl(supergraphSdl);
const source = readFileSync(join(REPO_ROOT, 'gateway', 'operations', 'client.graphql'), 'utf8');
const document = parse(source);
const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);

// "Well under": every client operation must pass with half of each default limit.
const halfLimits = {
  ...DEFAULT_OPERATION_LIMITS,
  maxDepth: DEFAULT_OPERATION_LIMITS.maxDepth / 2,
  maxAliases: DEFAULT_OPERATION_LIMITS.maxAliases / 2,
  maxTokens: DEFAULT_OPERATION_LIMITS.maxTokens / 2,
  maxCost: DEFAULT_OPERATION_LIMITS.maxCost / 2,
};

describe('client operations and the operation limits', () => {
  it.each(operations.map((operation) => [operation.name?.value, operation] as const))(
    '%s stays under half of every limit',
    (_name, operation) => {
      const single = { kind: Kind.DOCUMENT, definitions: [operation, ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)] } as const;
      expect(validate(schema, single, operationLimitRules(halfLimits, directives))).toEqual([]);
    },
  );

  it('parses within half the token limit, even all operations together', () => {
    expect(() => parse(source, { maxTokens: halfLimits.maxTokens })).not.toThrow();
  });

  it('keeps the largest page the catalog serves (products, first: 100) under half the cost limit', () => {
    const products = operations.find((operation) => operation.name?.value === 'Products');
    expect(products).toBeDefined();
    const cost = estimateOperationCost(schema, products!, fragmentsOfDocument(document.definitions), {
      defaultListSize: DEFAULT_OPERATION_LIMITS.defaultListSize,
      directives,
      variables: { first: 100 },
    });
    expect(cost).toBeLessThan(halfLimits.maxCost);
  });

  it('charges what the subgraphs declare with @cost: password hashing and checkout weigh 20, on top of a mutation`s 10', () => {
    const costOf = (name: string) => {
      const operation = operations.find((candidate) => candidate.name?.value === name)!;
      return estimateOperationCost(schema, operation, fragmentsOfDocument(document.definitions), {
        defaultListSize: DEFAULT_OPERATION_LIMITS.defaultListSize,
        directives,
      });
    };
    expect(costOf('Login')).toBe(10 + 20 + 1); // login, then its user
    expect(costOf('PlaceOrder')).toBe(10 + 20 + 1); // placeOrder, then its total
    expect(costOf('Me')).toBe(1 + 50 * (1 + 1)); // me; orders sized 50, each with its total
  });

  it('sizes every list of the schema with @listSize, so the default list size is never a guess for our own lists', () => {
    const unsized: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        if (isListType(getNullableType(field.type)) && !directives.listSizeOf(type.name, field.name)) unsized.push(`${type.name}.${field.name}`);
      }
    }
    // A connection's edges are sized by its field's slicing argument (`sizedFields`).
    expect(unsized).toEqual(['ProductConnection.edges']);
  });
});
