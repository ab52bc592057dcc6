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

@Module({})
export class AppModule {
  static forRoot(config: CatalogConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        GraphQLModule.forRoot(
          subgraphGraphQLOptions({
            verifier: new AccessTokenVerifier(config.tokens),
            permissions: catalogPermissions,
            resolvers: { JSON: GraphQLJSON },
          }),
        ),
        PrismaModule,
        CategoriesModule,
        ProductsModule,
        StockModule,
        LoadersModule,
      ],
      providers: [
        { provide: CATALOG_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ClientErrorFilter },
      ],
      exports: [CATALOG_CONFIG],
    };
  }
}
