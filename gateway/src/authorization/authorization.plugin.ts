import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { ClientError, type Principal } from '@retail/common';
import type { GatewayContext } from '../gateway-context';
import { assertOperationAuthorized, scopesOf } from './operation-authorization';
import { SchemaAuthRequirements } from './schema-auth-requirements';

/**
 * Enforces the supergraph's `@authenticated` and `@requiresScopes` at the gateway, before any subgraph is
 * called (the free Apollo Gateway ignores them). An operation selecting a field its caller may not see is
 * refused as a whole: UNAUTHENTICATED (HTTP 401) without a verified caller, FORBIDDEN (403) without the
 * scopes; an ADMIN user holds the scope `admin`. Subgraphs still enforce their own rules.
 */
export function authorizationPlugin(supergraphSdl: string): ApolloServerPlugin<GatewayContext> {
  const requirements = SchemaAuthRequirements.fromSupergraph(supergraphSdl);
  // The verdict depends only on the operation and the caller's scopes (or their absence). Apollo Server reuses
  // the parsed document of a query it has seen, so a repeated operation is walked once per kind of caller.
  const verdicts = new WeakMap<OperationDefinitionNode, Map<string, ClientError | null>>();
  const verdictFor = (document: DocumentNode, operation: OperationDefinitionNode, principal: Principal | undefined) => {
    let byCaller = verdicts.get(operation);
    if (!byCaller) verdicts.set(operation, (byCaller = new Map()));
    const caller = principal ? [...scopesOf(principal)].sort().join(' ') : '(anonymous)';
    let verdict = byCaller.get(caller);
    if (verdict === undefined) {
      try {
        assertOperationAuthorized(requirements, document, operation, principal);
        verdict = null;
      } catch (error) {
        if (!(error instanceof ClientError)) throw error;
        verdict = error;
      }
      byCaller.set(caller, verdict);
    }
    return verdict;
  };
  const listener: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ document, operation, contextValue }) {
      if (!operation) return;
      const error = verdictFor(document, operation, contextValue.principal);
      if (!error) return;
      const status = error.extensions.code === 'UNAUTHENTICATED' ? 401 : 403;
      throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status } } });
    },
  };
  return {
    async requestDidStart() {
      return requirements.isEmpty ? undefined : listener;
    },
  };
}
