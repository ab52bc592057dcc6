import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { costLimitError, estimateOperationCost, fragmentsOfDocument, type OperationLimits } from '@retail/common';

/**
 * Re-checks the cost limit once the variables are known: validation counts `first: $first` as the default
 * list size, so `{ "first": 100000 }` would otherwise pass.
 */
export function operationCostPlugin({ maxCost, defaultListSize }: Pick<OperationLimits, 'maxCost' | 'defaultListSize'>): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const fragments = fragmentsOfDocument(document.definitions);
          const cost = estimateOperationCost(schema, operation, fragments, { defaultListSize, variables: request.variables });
          if (cost <= maxCost) return;
          const error = costLimitError(cost, maxCost, operation);
          throw new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, http: { status: 400 } } });
        },
      };
    },
  };
}
