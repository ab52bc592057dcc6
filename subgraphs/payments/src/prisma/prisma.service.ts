import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { PRISMA_CLIENT_OPTIONS, mariaDbAdapter } from '@retail/common';
import { PrismaClient } from '../generated/prisma/client';
import { PAYMENTS_CONFIG, type PaymentsConfig } from '../config';

/** The payments database, through Prisma on the `mariadb` driver adapter. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(PAYMENTS_CONFIG) config: PaymentsConfig) {
    super({ ...PRISMA_CLIENT_OPTIONS, adapter: mariaDbAdapter(config.databaseUrl) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
