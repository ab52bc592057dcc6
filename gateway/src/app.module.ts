import { readFileSync } from 'node:fs';
import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import {
  AccessTokenVerifier,
  CostDirectives,
  PooledHttpClient,
  SUBGRAPH_NAMES,
  ServiceTokenClient,
  graphqlRequestMetricsPlugin,
  type SubgraphName,
} from '@retail/common';
import { supergraphAuthorization } from './authorization';
import type { GatewayConfig } from './config';
import { apiEdgeServerOptions } from './edge/api-edge';
import { onServerStop } from './edge/on-server-stop';
import { createGatewayContextFactory } from './gateway-context';
import { LiveStatusModule } from './live/live-status.module';
import { SubgraphDataSource } from './subgraph-data-source';
import { responseCacheServerPlugins } from './response-cache/response-cache-plugins';
import { ADMIN_CONFIG, QueueDashboard } from './admin/queue-dashboard';
import { SupergraphStatus } from './health/supergraph-status';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    // @authenticated / @requiresScopes: enforced by the gateway's plugin, which the free gateway lacks.
    const supergraphSdl = readFileSync(config.supergraphPath, 'utf8');
    const authorization = supergraphAuthorization(supergraphSdl);
    // @cost / @listSize are in the composed supergraph, not in the API schema Apollo Server validates against.
    const edge = apiEdgeServerOptions(config.edge, CostDirectives.fromSdl(supergraphSdl));
    const serviceTokens = new ServiceTokenClient(config.serviceCredentials);
    const verifier = new AccessTokenVerifier(config.tokens);
    const supergraphStatus = new SupergraphStatus();
    const http = new PooledHttpClient({ ca: config.outboundCa });
    return {
      module: AppModule,
      imports: [
        LiveStatusModule.forRoot(config),
        GraphQLModule.forRoot<ApolloGatewayDriverConfig>({
          driver: ApolloGatewayDriver,
          server: {
            path: '/graphql',
            playground: false,
            context: createGatewayContextFactory(verifier),
            ...edge,
            plugins: [
              graphqlRequestMetricsPlugin(),
              ...(edge.plugins ?? []),
              authorization.plugin,
              supergraphStatus.plugin,
              ...responseCacheServerPlugins(config.responseCache),
              onServerStop(() => http.close()),
            ],
          },
          gateway: {
            // A composed supergraph file, not introspection: what is served is what was composed and tested.
            supergraphSdl: authorization.supergraphSdl,
            buildService: ({ name }) =>
              new SubgraphDataSource({
                subgraph: subgraphNamed(name),
                url: config.subgraphUrls[name as SubgraphName] ?? unknownSubgraph(name),
                serviceTokens,
                http,
              }),
          },
        }),
      ],
      providers: [
        { provide: AccessTokenVerifier, useValue: verifier },
        { provide: SupergraphStatus, useValue: supergraphStatus },
        { provide: ADMIN_CONFIG, useValue: config.admin },
        QueueDashboard,
      ],
    };
  }
}

function subgraphNamed(name: string): SubgraphName {
  return SUBGRAPH_NAMES.find((known) => known === name) ?? unknownSubgraph(name);
}

function unknownSubgraph(name: string): never {
  throw new Error(`Supergraph names subgraph "${name}", which is not one of ${SUBGRAPH_NAMES.join(', ')}`);
}
