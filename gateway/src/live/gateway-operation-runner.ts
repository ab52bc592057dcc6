import type { ApolloServer } from '@apollo/server';
import { GraphQLError, type FormattedExecutionResult } from 'graphql';
import { CLIENT_ERROR_CODES, runWithRequestId, type AccessTokenVerifier } from '@retail/common';
import { gatewayContextFor, type ClientCredentials, type GatewayContext } from '../gateway-context';
import type { RunGatewayOperation } from './live-operations';

/**
 * Runs an operation exactly as an HTTP request would run, through Apollo Server's `executeOperation`: the same
 * parse limits, validation rules, persisted-query list, authorization plugin, query planning and error masking,
 * with a context built from the client's own token (verified again on every run, so an expired or forged token
 * ends a live subscription with UNAUTHENTICATED).
 */
export function gatewayOperationRunner(server: () => ApolloServer<GatewayContext>, verifier: AccessTokenVerifier): RunGatewayOperation {
  return (request, client: ClientCredentials) =>
    runWithRequestId(client.requestId, async (): Promise<FormattedExecutionResult> => {
      let contextValue: GatewayContext;
      try {
        contextValue = await gatewayContextFor(verifier, client);
      } catch (error) {
        const code = error instanceof GraphQLError ? error.extensions.code : undefined;
        if (typeof code !== 'string' || !CLIENT_ERROR_CODES.has(code)) throw error;
        return { errors: [{ message: (error as GraphQLError).message, extensions: { code, requestId: client.requestId } }] };
      }
      const response = await server().executeOperation(request, { contextValue });
      if (response.body.kind !== 'single') throw new Error('Incremental delivery is not served on live transports');
      return response.body.singleResult;
    });
}
