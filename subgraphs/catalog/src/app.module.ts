import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AccessTokenVerifier, subgraphGraphQLOptions } from '@retail/common';
import { CATALOG_CONFIG, type CatalogConfig } from './config';
import { PrismaModule } from './prisma/prisma.module';
import { CategoriesModule } from './categories/categories.module';
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
          }),
        ),
        PrismaModule,
        CategoriesModule,
      ],
      providers: [{ provide: CATALOG_CONFIG, useValue: config }],
      exports: [CATALOG_CONFIG],
    };
  }
}
