import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { EnvReader } from '../config/env-reader';
import { CostDirectives, estimateOperationCost, fragmentsOfDocument } from './operation-cost';

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
  /** Estimated cost ({@link estimateOperationCost}: `@cost` and `@listSize` of the schema, else defaults). */
  maxCost: number;
  /** Assumed length of a list that neither a slicing argument nor `@listSize(assumedSize:)` sizes. */
  defaultListSize: number;
}

export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 2000,
  maxCost: 5000,
  // Apollo's documented demand-control example. Lists of the retail schema all state their size with
  // @listSize; this is for fields that do not, where 20 at every level refused ordinary nested queries.
  defaultListSize: 10,
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

/**
 * The validation rules enforcing `limits` (depth, aliases, cost, the latter with the schema's `@cost` and
 * `@listSize`); tokens are the parser's `maxTokens`.
 */
export function operationLimitRules(limits: OperationLimits, directives: CostDirectives = CostDirectives.none()): ValidationRule[] {
  return [maxDepthRule(limits.maxDepth), maxAliasesRule(limits.maxAliases), maxCostRule(limits, directives)];
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
 * slicing argument given by a variable counts as the variable's default value, else the argument's default,
 * else the list's assumed size. Servers that see the variables re-check with {@link estimateOperationCost}.
 */
export function maxCostRule(
  { maxCost, defaultListSize }: Pick<OperationLimits, 'maxCost' | 'defaultListSize'>,
  directives: CostDirectives = CostDirectives.none(),
): ValidationRule {
  return perOperation((context, operation) => {
    const cost = estimateOperationCost(context.getSchema(), operation, fragmentsOf(context), { defaultListSize, directives });
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

function nameOf(operation: OperationDefinitionNode): string {
  return operation.name ? ` ${operation.name.value}` : '';
}

function limitError(message: string, operation: OperationDefinitionNode | undefined, limit: string): GraphQLError {
  return new GraphQLError(message, {
    nodes: operation ? [operation] : undefined,
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit },
  });
}
