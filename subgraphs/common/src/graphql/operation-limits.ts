import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  valueFromASTUntyped,
  type ArgumentNode,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { EnvReader } from '../config/env-reader';

/**
 * How big an operation may be. Enforced before anything executes, by the gateway and by every subgraph, so a
 * single request cannot make the system resolve millions of fields.
 */
export interface OperationLimits {
  /** Deepest field nesting (introspection fields excluded). */
  maxDepth: number;
  /** Aliased fields per operation: aliases are how one field is requested thousands of times. */
  maxAliases: number;
  /** Lexical tokens per document, enforced by the parser (`parseOptions.maxTokens`). */
  maxTokens: number;
  /** Estimated cost: each field 1, list fields multiplied by their `first`/`last`/`limit` or `defaultListSize`. */
  maxCost: number;
  /** Assumed length of a list whose size no argument states. */
  defaultListSize: number;
}

export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 2000,
  maxCost: 5000,
  defaultListSize: 20,
};

/** GRAPHQL_MAX_DEPTH, GRAPHQL_MAX_ALIASES, GRAPHQL_MAX_TOKENS, GRAPHQL_MAX_COST. */
export function readOperationLimits(env: EnvReader, defaults: OperationLimits = DEFAULT_OPERATION_LIMITS): OperationLimits {
  return {
    maxDepth: env.int('GRAPHQL_MAX_DEPTH', defaults.maxDepth, { min: 1 }),
    maxAliases: env.int('GRAPHQL_MAX_ALIASES', defaults.maxAliases, { min: 0 }),
    maxTokens: env.int('GRAPHQL_MAX_TOKENS', defaults.maxTokens, { min: 100 }),
    maxCost: env.int('GRAPHQL_MAX_COST', defaults.maxCost, { min: 1 }),
    defaultListSize: defaults.defaultListSize,
  };
}

/** Arguments whose value is the number of items a list field returns. */
const PAGE_SIZE_ARGUMENTS = ['first', 'last', 'limit'];

/** The validation rules enforcing `limits` (depth, aliases, cost); tokens are the parser's `maxTokens`. */
export function operationLimitRules(limits: OperationLimits): ValidationRule[] {
  return [maxDepthRule(limits.maxDepth), maxAliasesRule(limits.maxAliases), maxCostRule(limits)];
}

/**
 * The rules for a subgraph, which sees the gateway's query plan fetches rather than client operations: one
 * level deeper (`_entities`) and no cost rule, because the size of an `_entities` batch is in its variables,
 * which validation cannot see. The gateway checks cost with the client's variables.
 */
export function subgraphOperationLimitRules(limits: OperationLimits = DEFAULT_OPERATION_LIMITS): ValidationRule[] {
  return [maxDepthRule(limits.maxDepth + 1), maxAliasesRule(limits.maxAliases)];
}

export function maxDepthRule(maxDepth: number): ValidationRule {
  return perOperation((context, operation) => {
    const depth = selectionDepth(operation.selectionSet, fragmentsOf(context), new Set());
    if (depth > maxDepth) {
      context.reportError(
        limitError(`Operation${nameOf(operation)} is nested ${depth} levels deep; the maximum depth is ${maxDepth}`, operation, 'depth'),
      );
    }
  });
}

export function maxAliasesRule(maxAliases: number): ValidationRule {
  return perOperation((context, operation) => {
    const aliases = aliasCount(operation.selectionSet, fragmentsOf(context), new Set());
    if (aliases > maxAliases) {
      context.reportError(
        limitError(`Operation${nameOf(operation)} uses ${aliases} aliases; the maximum is ${maxAliases}`, operation, 'aliases'),
      );
    }
  });
}

/**
 * Rejects operations whose estimated cost exceeds `maxCost`. Variables are not known during validation: a
 * page size given by a variable counts as the variable's default value, or `defaultListSize`. Servers that
 * see the variables re-check with {@link estimateOperationCost}.
 */
export function maxCostRule({ maxCost, defaultListSize }: Pick<OperationLimits, 'maxCost' | 'defaultListSize'>): ValidationRule {
  return perOperation((context, operation) => {
    const cost = estimateOperationCost(context.getSchema(), operation, fragmentsOf(context), { defaultListSize });
    if (cost > maxCost) context.reportError(costLimitError(cost, maxCost, operation));
  });
}

export function costLimitError(cost: number, maxCost: number, operation?: OperationDefinitionNode): GraphQLError {
  return limitError(
    `Operation${operation ? nameOf(operation) : ''} has an estimated cost of ${cost}; the maximum cost is ${maxCost}`,
    operation,
    'cost',
  );
}

export interface CostOptions {
  defaultListSize: number;
  /** The request's variables, when known; page sizes given by variables are then exact. */
  variables?: Record<string, unknown> | null;
}

/**
 * The estimated cost of an operation: 1 per field, and the cost of a field's selection multiplied by how many
 * items it returns (its `first`/`last`/`limit`, else `defaultListSize` for a list). A paginated connection's
 * own list (`edges`) is not multiplied again.
 */
export function estimateOperationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  options: CostOptions,
): number {
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const defaults = variableDefaults(operation);
  const pageSize = (args: readonly ArgumentNode[]): number | undefined => {
    for (const argument of args) {
      if (!PAGE_SIZE_ARGUMENTS.includes(argument.name.value)) continue;
      const value =
        argument.value.kind === Kind.VARIABLE
          ? (options.variables?.[argument.value.name.value] ?? defaults[argument.value.name.value])
          : valueFromASTUntyped(argument.value);
      if (typeof value === 'number' && Number.isFinite(value)) return Math.max(0, Math.floor(value));
    }
    return undefined;
  };

  const costOf = (selectionSet: SelectionSetNode, parentType: GraphQLNamedType, paginated: boolean, visiting: Set<string>): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        const field =
          isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[selection.name.value] : undefined;
        total += 1;
        if (!selection.selectionSet || !field) continue;
        const explicitSize = pageSize(selection.arguments ?? []);
        const isList = isListType(getNullableType(field.type));
        const multiplier = explicitSize ?? (isList && !paginated ? options.defaultListSize : 1);
        const childType = getNamedType(field.type);
        // A connection's page size already counts its `edges` list; a paginated list's own items may hold lists.
        total += multiplier * costOf(selection.selectionSet, childType, explicitSize !== undefined && !isList, visiting);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        total += costOf(selection.selectionSet, type ?? parentType, paginated, visiting);
      } else {
        const name = selection.name.value;
        const fragment = fragments[name];
        if (!fragment || visiting.has(name)) continue;
        visiting.add(name);
        const type = schema.getType(fragment.typeCondition.name.value) ?? parentType;
        total += costOf(fragment.selectionSet, type, paginated, visiting);
        visiting.delete(name);
      }
    }
    return total;
  };
  return costOf(operation.selectionSet, root, false, new Set());
}

/** The fragments of a parsed document, by name. */
export function fragmentsOfDocument(definitions: readonly { kind: Kind }[]): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      const fragment = definition as FragmentDefinitionNode;
      fragments[fragment.name.value] = fragment;
    }
  }
  return fragments;
}

function perOperation(check: (context: ValidationContext, operation: OperationDefinitionNode) => void): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition: { leave: (operation) => check(context, operation) },
  });
}

function fragmentsOf(context: ValidationContext): Record<string, FragmentDefinitionNode> {
  return fragmentsOfDocument(context.getDocument().definitions);
}

// Fragment cycles are reported by graphql-js's own NoFragmentCycles; `visiting` only keeps these walks finite.
function selectionDepth(
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  visiting: Set<string>,
): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    let depth = 0;
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      depth = 1 + (selection.selectionSet ? selectionDepth(selection.selectionSet, fragments, visiting) : 0);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      depth = selectionDepth(selection.selectionSet, fragments, visiting);
    } else {
      const fragment = fragments[selection.name.value];
      if (!fragment || visiting.has(fragment.name.value)) continue;
      visiting.add(fragment.name.value);
      depth = selectionDepth(fragment.selectionSet, fragments, visiting);
      visiting.delete(fragment.name.value);
    }
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

function aliasCount(
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  visiting: Set<string>,
): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.alias) count += 1;
      if (selection.selectionSet) count += aliasCount(selection.selectionSet, fragments, visiting);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += aliasCount(selection.selectionSet, fragments, visiting);
    } else {
      const fragment = fragments[selection.name.value];
      if (!fragment || visiting.has(fragment.name.value)) continue;
      visiting.add(fragment.name.value);
      count += aliasCount(fragment.selectionSet, fragments, visiting);
      visiting.delete(fragment.name.value);
    }
  }
  return count;
}

function variableDefaults(operation: OperationDefinitionNode): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  }
  return defaults;
}

function nameOf(operation: OperationDefinitionNode): string {
  return operation.name ? ` ${operation.name.value}` : '';
}

function limitError(message: string, operation: OperationDefinitionNode | undefined, limit: string): GraphQLError {
  return new GraphQLError(message, {
    nodes: operation ? [operation] : undefined,
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit },
  });
}
