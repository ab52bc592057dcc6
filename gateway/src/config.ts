import { resolve } from 'node:path';
import {
  SUBGRAPH_NAMES,
  readBindHost,
  readConfig,
  readPort,
  readQueuePrefix,
  readRedisUrl,
  readServiceCredentials,
  readServiceUrl,
  readTlsConfig,
  readTokenVerification,
  type AccessTokenVerifierOptions,
  type ServiceCredentials,
  type SubgraphName,
} from '@retail/common';
import type { AdminConfig } from './admin/queue-dashboard';
import { readEdgeConfig, type EdgeConfig } from './edge/edge-config';
import { readCorsConfig, type CorsConfig } from './http-edge/cors-config';
import { readLiveStatusConfig, type LiveStatusConfig } from './live/live-status-config';
import { readResponseCacheConfig, type ResponseCacheConfig } from './response-cache/response-cache-config';

export interface GatewayConfig {
  host: string;
  port: number;
  production: boolean;
  /** The composed supergraph schema the gateway serves (written by `npm run schema`). */
  supergraphPath: string;
  /** Where each subgraph is reached; overrides the routing URLs written in the supergraph. */
  subgraphUrls: Record<SubgraphName, string>;
  tokens: AccessTokenVerifierOptions;
  /** Limits, error masking and persisted queries of the public endpoint. */
  edge: EdgeConfig;
  /** The `gateway` client's credentials: every subgraph call carries its service token for that subgraph. */
  serviceCredentials: ServiceCredentials;
  /** Which browser origins may call the API (CORS). */
  cors: CorsConfig;
  /** Where live order status subscriptions hear of status changes. */
  live: LiveStatusConfig;
  /** The queue dashboard at /admin/queues: where the saga's queues are. */
  admin: AdminConfig;
  /** The response cache shared by gateway instances for public catalog reads. */
  responseCache: ResponseCacheConfig;
  /** TLS_CA_FILE: a CA trusted for https subgraphs next to the system CAs. */
  outboundCa?: Buffer;
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return readConfig((reader) => {
    const production = reader.string('NODE_ENV', 'development') === 'production';
    const subgraphUrls = Object.fromEntries(
      SUBGRAPH_NAMES.map((name) => [name, `${readServiceUrl(reader, name)}/graphql`]),
    ) as Record<SubgraphName, string>;
    return {
      host: readBindHost(reader),
      port: readPort(reader, 'gateway'),
      production,
      supergraphPath: reader.string('SUPERGRAPH_PATH', resolve(__dirname, '..', 'supergraph.graphql')),
      subgraphUrls,
      tokens: readTokenVerification(reader),
      edge: readEdgeConfig(reader, production),
      serviceCredentials: readServiceCredentials(reader, 'gateway'),
      cors: readCorsConfig(reader, production),
      live: readLiveStatusConfig(reader),
      admin: { redisUrl: readRedisUrl(reader), queuePrefix: readQueuePrefix(reader) },
      responseCache: readResponseCacheConfig(reader, readRedisUrl(reader), readQueuePrefix(reader)),
      outboundCa: readTlsConfig(reader).ca,
    };
  }, env);
}
