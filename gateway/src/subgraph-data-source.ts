import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { REQUEST_ID_HEADER } from '@retail/common';
import type { GatewayContext } from './gateway-context';

/**
 * How the gateway talks to one subgraph: forwards the caller's bearer token (each subgraph verifies it
 * itself) and the request id, so one client request can be followed through every service's logs.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!context || !('requestId' in context)) return; // health checks and schema loads carry no client context
    request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context.authorization) request.http?.headers.set('authorization', context.authorization);
  }
}
