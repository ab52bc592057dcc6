import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { AccessTokenVerifier, ClientErrorFilter, subgraphGraphQLOptions } from '@retail/common';
import { PAYMENTS_CONFIG, type PaymentsConfig } from './config';
import { PrismaModule } from './prisma/prisma.module';
import { PaymentsModule } from './payments/payments.module';
import { Order } from './payments/models/order.model';
import { paymentsPermissions } from './permissions';

@Module({})
export class AppModule {
  static forRoot(config: PaymentsConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        GraphQLModule.forRoot({
          ...subgraphGraphQLOptions({
            verifier: new AccessTokenVerifier(config.tokens),
            permissions: paymentsPermissions,
          }),
          // Order is only extended here, never returned by a root field, so the schema must be told about it.
          buildSchemaOptions: { orphanedTypes: [Order] },
        }),
        PrismaModule,
        PaymentsModule,
      ],
      providers: [
        { provide: PAYMENTS_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ClientErrorFilter },
      ],
      exports: [PAYMENTS_CONFIG],
    };
  }
}
