import { ROUTER_SUPPORTED_SUPERGRAPH_FEATURES, Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';

/** The schema clients see through the gateway: the supergraph minus @inaccessible and federation internals. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  // The router's feature set: the supergraph carries @authenticated and @requiresScopes (enforced by the gateway).
  return Supergraph.build(supergraphSdl, { supportedFeatures: ROUTER_SUPPORTED_SUPERGRAPH_FEATURES }).apiSchema().toGraphQLJSSchema();
}
