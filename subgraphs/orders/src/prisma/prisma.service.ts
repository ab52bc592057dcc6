import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PRISMA_CLIENT_OPTIONS, postgresAdapter } from '@retail/common';
import { Prisma, PrismaClient } from '../generated/prisma/client';
import { ORDERS_CONFIG, type OrdersConfig } from '../config';

/** An interactive transaction's client. */
export type PrismaTx = Prisma.TransactionClient;

/** The orders database, through Prisma on the `pg` driver adapter. */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(@Inject(ORDERS_CONFIG) config: OrdersConfig) {
    super({ ...PRISMA_CLIENT_OPTIONS, adapter: postgresAdapter(config.databaseUrl) });
  }

  // Disconnect last: saga workers may still be finishing a job while modules are destroyed.
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}

