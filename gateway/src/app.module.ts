import { readFileSync } from 'node:fs';
import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import { AccessTokenVerifier, SUBGRAPH_NAMES, maskError, type SubgraphName } from '@retail/common';
import type { GatewayConfig } from './config';
import { createGatewayContextFactory } from './gateway-context';
import { SubgraphDataSource } from './subgraph-data-source';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const supergraphSdl = readFileSync(config.supergraphPath, 'utf8');
    return {
      module: AppModule,
      imports: [
        GraphQLModule.forRoot<ApolloGatewayDriverConfig>({
          driver: ApolloGatewayDriver,
          server: {
            path: '/graphql',
            playground: false,
            introspection: !config.production,
            context: createGatewayContextFactory(new AccessTokenVerifier(config.tokens)),
            formatError: maskError,
            plugins: [
              config.production
                ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
                : ApolloServerPluginLandingPageLocalDefault({ footer: false, embed: true }),
            ],
          },
          gateway: {
            // A composed supergraph file, not introspection: what is served is what was composed and tested.
            supergraphSdl,
            buildService: ({ name }) =>
              new SubgraphDataSource({ url: config.subgraphUrls[name as SubgraphName] ?? unknownSubgraph(name) }),
          },
        }),
      ],
    };
  }
}

function unknownSubgraph(name: string): never {
  throw new Error(`Supergraph names subgraph "${name}", which is not one of ${SUBGRAPH_NAMES.join(', ')}`);
}
