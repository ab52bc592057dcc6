import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { AccessTokenVerifier, ClientErrorFilter, subgraphGraphQLOptions } from '@retail/common';
import { GraphQLJSON } from 'graphql-type-json';
import { CATALOG_CONFIG, type CatalogConfig } from './config';
import { PrismaModule } from './prisma/prisma.module';
import { CategoriesModule } from './categories/categories.module';
import { ProductsModule } from './products/products.module';
import { StockModule } from './stock/stock.module';
import { LoadersModule } from './loaders/loaders.module';
import { catalogPermissions } from './permissions';
import { catalogCachePlugin } from './cache/catalog-cache.plugin';
import { RedisCatalogChanges } from './cache/redis-catalog-changes';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';

@Module({})
export class AppModule {
  static forRoot(config: CatalogConfig): DynamicModule {
    const changes = new RedisCatalogChanges(config.redisUrl, config.queuePrefix);
    const graphql = subgraphGraphQLOptions({
      verifier: new AccessTokenVerifier(config.tokens),
      permissions: catalogPermissions,
      resolvers: { JSON: GraphQLJSON },
    });
    return {
      module: AppModule,
      global: true,
      imports: [
        GraphQLModule.forRoot({
          ...graphql,
          // The catalog writes its own Cache-Control on public reads. Apollo's cache control would say no-store to
          // all, and costs a hook on every field resolved.
          plugins: [...(graphql.plugins ?? []), ApolloServerPluginCacheControlDisabled(), catalogCachePlugin(changes)],
        }),
        PrismaModule,
        CategoriesModule,
        ProductsModule,
        StockModule,
        LoadersModule,
      ],
      providers: [
        { provide: CATALOG_CONFIG, useValue: config },
        { provide: RedisCatalogChanges, useValue: changes },
        { provide: APP_FILTER, useClass: ClientErrorFilter },
      ],
      exports: [CATALOG_CONFIG],
    };
  }
}
