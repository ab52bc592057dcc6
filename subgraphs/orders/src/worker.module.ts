import { DynamicModule, Module } from '@nestjs/common';
import { ORDERS_CONFIG, type OrdersConfig } from './config';
import { PrismaModule } from './prisma/prisma.module';
import { CheckoutWorkerModule } from './saga/checkout-worker.module';

/** The saga worker process: the checkout step workers and the outbox relay; its HTTP server has only health routes. */
@Module({})
export class WorkerModule {
  static forRoot(config: OrdersConfig): DynamicModule {
    return {
      module: WorkerModule,
      global: true,
      imports: [PrismaModule, CheckoutWorkerModule],
      providers: [{ provide: ORDERS_CONFIG, useValue: config }],
      exports: [ORDERS_CONFIG],
    };
  }
}
