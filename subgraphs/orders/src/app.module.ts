import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { APP_FILTER } from '@nestjs/core';
import { AccessTokenVerifier, ClientErrorFilter, subgraphGraphQLOptions } from '@retail/common';
import { ORDERS_CONFIG, type OrdersConfig } from './config';
import { OrdersModule } from './orders/orders.module';
import { ordersPermissions } from './permissions';
import { PrismaModule } from './prisma/prisma.module';
import { CheckoutAdminModule } from './saga/checkout-admin.module';
import { SagaModule } from './saga/saga.module';

/** The orders subgraph: GraphQL API plus the producer side of the saga (it writes the outbox and publishes it). */
@Module({})
export class AppModule {
  static forRoot(config: OrdersConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        GraphQLModule.forRoot(
          subgraphGraphQLOptions({
            verifier: new AccessTokenVerifier(config.tokens),
            permissions: ordersPermissions,
          }),
        ),
        PrismaModule,
        SagaModule,
        OrdersModule,
        CheckoutAdminModule,
      ],
      providers: [
        { provide: ORDERS_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ClientErrorFilter },
      ],
      exports: [ORDERS_CONFIG],
    };
  }
}
