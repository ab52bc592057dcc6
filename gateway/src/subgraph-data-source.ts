import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import {
  FORWARDED_FOR_HEADER,
  REQUEST_ID_HEADER,
  USER_AUTHORIZATION_HEADER,
  type PooledHttpClient,
  type ServiceTokenClient,
  type SubgraphName,
} from '@retail/common';
import type { GatewayContext } from './gateway-context';
import { subgraphFetchDuration } from './gateway-metrics';

export interface SubgraphDataSourceOptions {
  subgraph: SubgraphName;
  url: string;
  /** The gateway's client-credentials tokens, one per subgraph audience. */
  serviceTokens: ServiceTokenClient;
  /** The pooled keep-alive client every subgraph call goes through. */
  http: PooledHttpClient;
}

/**
 * How the gateway talks to one subgraph. Every request carries the gateway's service token for that subgraph
 * (subgraphs refuse anything else); a client request also carries the caller's access token in
 * X-User-Authorization (each subgraph verifies it itself), the request id, so one client request can be
 * followed through every service's logs, and the client's IP. Each call is timed (`gateway_subgraph_fetch_duration_seconds`);
 * the trace context travels in the `traceparent` header, set by the fetch instrumentation.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly subgraph: SubgraphName;
  private readonly serviceTokens: ServiceTokenClient;

  constructor({ subgraph, url, serviceTokens, http }: SubgraphDataSourceOptions) {
    super({ url, fetcher: http.fetcher });
    this.subgraph = subgraph;
    this.serviceTokens = serviceTokens;
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const stop = subgraphFetchDuration.startTimer({ subgraph: this.subgraph });
    try {
      const response = await super.process(options);
      stop({ outcome: response.errors?.length ? 'graphql_error' : 'ok' });
      return response;
    } catch (error) {
      stop({ outcome: 'failed' });
      throw error;
    }
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http?.headers;
    if (!headers) return;
    headers.set('authorization', `Bearer ${await this.serviceTokens.token(this.subgraph)}`);
    if (!context || !('requestId' in context)) return; // health checks and schema loads carry no client context
    headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context.clientIp) headers.set(FORWARDED_FOR_HEADER, context.clientIp);
    if (context.authorization) headers.set(USER_AUTHORIZATION_HEADER, context.authorization);
  }
}
