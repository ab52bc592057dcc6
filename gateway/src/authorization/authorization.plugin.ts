import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ClientError } from '@retail/common';
import type { GatewayContext } from '../gateway-context';
import { assertOperationAuthorized } from './operation-authorization';
import { SchemaAuthRequirements } from './schema-auth-requirements';

/**
 * Enforces the supergraph's `@authenticated` and `@requiresScopes` at the gateway, before any subgraph is
 * called (the free Apollo Gateway ignores them). An operation selecting a field its caller may not see is
 * refused as a whole: UNAUTHENTICATED (HTTP 401) without a verified caller, FORBIDDEN (403) without the
 * scopes; an ADMIN user holds the scope `admin`. Subgraphs still enforce their own rules.
 */
export function authorizationPlugin(supergraphSdl: string): ApolloServerPlugin<GatewayContext> {
  const requirements = SchemaAuthRequirements.fromSupergraph(supergraphSdl);
  const listener: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ document, operation, contextValue }) {
      if (!operation) return;
      try {
        assertOperationAuthorized(requirements, document, operation, contextValue.principal);
      } catch (error) {
        if (!(error instanceof ClientError)) throw error;
        const status = error.extensions.code === 'UNAUTHENTICATED' ? 401 : 403;
        throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status } } });
      }
    },
  };
  return {
    async requestDidStart() {
      return requirements.isEmpty ? undefined : listener;
    },
  };
}
