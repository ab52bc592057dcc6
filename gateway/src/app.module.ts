import { readFileSync } from 'node:fs';
import { DynamicModule, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { AccessTokenVerifier, SUBGRAPH_NAMES, ServiceTokenClient, type SubgraphName } from '@retail/common';
import { supergraphAuthorization } from './authorization';
import type { GatewayConfig } from './config';
import { apiEdgeServerOptions } from './edge/api-edge';
import { requestIdMiddleware } from './edge/request-id';
import { createGatewayContextFactory } from './gateway-context';
import { LiveStatusModule } from './live/live-status.module';
import { SubgraphDataSource } from './subgraph-data-source';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    // @authenticated / @requiresScopes: enforced by the gateway's plugin, which the free gateway lacks.
    const authorization = supergraphAuthorization(readFileSync(config.supergraphPath, 'utf8'));
    const edge = apiEdgeServerOptions(config.edge);
    const serviceTokens = new ServiceTokenClient(config.serviceCredentials);
    return {
      module: AppModule,
      imports: [
        LiveStatusModule.forRoot(config),
        GraphQLModule.forRoot<ApolloGatewayDriverConfig>({
          driver: ApolloGatewayDriver,
          server: {
            path: '/graphql',
            playground: false,
            context: createGatewayContextFactory(new AccessTokenVerifier(config.tokens)),
            ...edge,
            plugins: [...(edge.plugins ?? []), authorization.plugin],
          },
          gateway: {
            // A composed supergraph file, not introspection: what is served is what was composed and tested.
            supergraphSdl: authorization.supergraphSdl,
            buildService: ({ name }) =>
              new SubgraphDataSource({
                subgraph: subgraphNamed(name),
                url: config.subgraphUrls[name as SubgraphName] ?? unknownSubgraph(name),
                serviceTokens,
              }),
          },
        }),
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(requestIdMiddleware).forRoutes('graphql');
  }
}

function subgraphNamed(name: string): SubgraphName {
  return SUBGRAPH_NAMES.find((known) => known === name) ?? unknownSubgraph(name);
}

function unknownSubgraph(name: string): never {
  throw new Error(`Supergraph names subgraph "${name}", which is not one of ${SUBGRAPH_NAMES.join(', ')}`);
}
