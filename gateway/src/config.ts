import { resolve } from 'node:path';
import {
  SUBGRAPH_NAMES,
  readBindHost,
  readConfig,
  readPort,
  readServiceUrl,
  readTokenVerification,
  type AccessTokenVerifierOptions,
  type SubgraphName,
} from '@retail/common';

export interface GatewayConfig {
  host: string;
  port: number;
  production: boolean;
  /** The composed supergraph schema the gateway serves (written by `npm run schema`). */
  supergraphPath: string;
  /** Where each subgraph is reached; overrides the routing URLs written in the supergraph. */
  subgraphUrls: Record<SubgraphName, string>;
  tokens: AccessTokenVerifierOptions;
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return readConfig((reader) => {
    const subgraphUrls = Object.fromEntries(
      SUBGRAPH_NAMES.map((name) => [name, `${readServiceUrl(reader, name)}/graphql`]),
    ) as Record<SubgraphName, string>;
    return {
      host: readBindHost(reader),
      port: readPort(reader, 'gateway'),
      production: reader.string('NODE_ENV', 'development') === 'production',
      supergraphPath: reader.string('SUPERGRAPH_PATH', resolve(__dirname, '..', 'supergraph.graphql')),
      subgraphUrls,
      tokens: readTokenVerification(reader),
    };
  }, env);
}
