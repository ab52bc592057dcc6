import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { AccessTokenVerifier, ClientErrorFilter, createContextFactory, subgraphGraphQLOptions } from '@retail/common';
import { GraphQLJSON } from 'graphql-type-json';
import type { IncomingMessage } from 'node:http';
import type { CatalogContext } from './catalog-context';
import { CATALOG_CONFIG, type CatalogConfig } from './config';
import { PrismaModule } from './prisma/prisma.module';
import { CategoriesModule } from './categories/categories.module';
import { ProductsModule } from './products/products.module';
import { StockModule } from './stock/stock.module';
import { LoadersModule } from './loaders/loaders.module';
import { CatalogLoadersFactory } from './loaders/catalog-loaders.factory';
import { catalogPermissions } from './permissions';

@Module({})
export class AppModule {
  static forRoot(config: CatalogConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        GraphQLModule.forRootAsync<ApolloFederationDriverConfig>({
          driver: ApolloFederationDriver,
          imports: [LoadersModule],
          inject: [CatalogLoadersFactory],
          useFactory: (loaders: CatalogLoadersFactory) => catalogGraphQLOptions(config, loaders),
        }),
        PrismaModule,
        CategoriesModule,
        ProductsModule,
        StockModule,
      ],
      providers: [
        { provide: CATALOG_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ClientErrorFilter },
      ],
      exports: [CATALOG_CONFIG],
    };
  }
}

/** The shared subgraph options, with this request's DataLoaders added to the context. */
function catalogGraphQLOptions(config: CatalogConfig, loaders: CatalogLoadersFactory): ApolloFederationDriverConfig {
  const verifier = new AccessTokenVerifier(config.tokens);
  const requestContext = createContextFactory(verifier);
  return {
    ...subgraphGraphQLOptions({ verifier, permissions: catalogPermissions, resolvers: { JSON: GraphQLJSON } }),
    context: async (args: { req: IncomingMessage }): Promise<CatalogContext> => ({
      ...(await requestContext(args)),
      loaders: loaders.create(),
    }),
  };
}
