import { Global, Module } from '@nestjs/common';
import { ServiceTokenClient } from '@retail/common';
import { ORDERS_CONFIG, type OrdersConfig } from '../config';
import { CatalogClient } from './catalog.client';
import { PaymentsClient } from './payments.client';

/** Clients of the other subgraphs, sharing the `orders` client's cached service tokens (one per audience). */
@Global()
@Module({
  providers: [
    {
      provide: ServiceTokenClient,
      inject: [ORDERS_CONFIG],
      useFactory: (config: OrdersConfig) => new ServiceTokenClient(config.serviceCredentials),
    },
    CatalogClient,
    PaymentsClient,
  ],
  exports: [CatalogClient, PaymentsClient],
})
export class RemoteModule {}
