import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { CostDirectives, costLimitError, estimateOperationCost, fragmentsOfDocument, type OperationLimits } from '@retail/common';

/** What a client sends to be told its operation's estimated cost: `"extensions": { "cost": true }`. */
export const COST_REQUEST_EXTENSION = 'cost';

/** `extensions.cost` of a response whose request asked for it. */
export interface CostReport {
  estimated: number;
  max: number;
}

/**
 * Re-checks the cost limit once the variables are known: validation counts `first: $first` as the
 * argument's default, so `{ "first": 100000 }` would otherwise pass. A request with `extensions.cost: true`
 * gets the estimate back in the response's `extensions.cost` (`{ estimated, max }`), also when refused.
 */
export function operationCostPlugin(
  { maxCost, defaultListSize }: Pick<OperationLimits, 'maxCost' | 'defaultListSize'>,
  directives: CostDirectives,
): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ request }) {
      const reportWanted = request.extensions?.[COST_REQUEST_EXTENSION] === true;
      let estimated: number | undefined;
      return {
        async didResolveOperation({ schema, document, operation }) {
          if (!operation) return;
          const fragments = fragmentsOfDocument(document.definitions);
          estimated = estimateOperationCost(schema, operation, fragments, { defaultListSize, directives, variables: request.variables });
          if (estimated <= maxCost) return;
          const error = costLimitError(estimated, maxCost, operation);
          throw new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, http: { status: 400 } } });
        },
        async willSendResponse({ response }) {
          if (!reportWanted || estimated === undefined || response.body.kind !== 'single') return;
          const report: CostReport = { estimated, max: maxCost };
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, [COST_REQUEST_EXTENSION]: report };
        },
      };
    },
  };
}
