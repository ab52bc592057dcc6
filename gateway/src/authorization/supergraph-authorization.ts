import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../gateway-context';
import { authorizationPlugin } from './authorization.plugin';
import { gatewayLoadableSupergraph } from './gateway-supergraph';

export interface SupergraphAuthorization {
  /** The SDL to give `@apollo/gateway` (its `supergraphSdl`). */
  supergraphSdl: string;
  /** The Apollo Server plugin enforcing `@authenticated` / `@requiresScopes` (add to `server.plugins`). */
  plugin: ApolloServerPlugin<GatewayContext>;
}

/**
 * Everything the gateway needs to serve a supergraph whose fields carry `@authenticated` and
 * `@requiresScopes`: the loadable SDL and the plugin enforcing them, together so one is never used without
 * the other.
 */
export function supergraphAuthorization(composedSupergraphSdl: string): SupergraphAuthorization {
  return {
    supergraphSdl: gatewayLoadableSupergraph(composedSupergraphSdl),
    plugin: authorizationPlugin(composedSupergraphSdl),
  };
}
