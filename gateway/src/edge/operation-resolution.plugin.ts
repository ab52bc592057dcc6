import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';

/**
 * Refuses a request whose `operationName` names no operation of its document (or that names none while the
 * document has several) as the client error it is. Apollo Server leaves this to the executor, and
 * `@apollo/gateway`'s executor throws an error without a code, which would reach the client masked as an
 * internal error.
 */
export function operationResolutionPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation) return;
          const message = request.operationName
            ? `Unknown operation named "${request.operationName}"`
            : 'The document has several operations: name the one to run in operationName';
          throw new GraphQLError(message, {
            extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } },
          });
        },
      };
    },
  };
}
