import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { mariaDbAdapter } from '@retail/common';
import { PrismaClient } from '../generated/prisma/client';
import { PAYMENTS_CONFIG, type PaymentsConfig } from '../config';

/** The payments database, through Prisma on the `mariadb` driver adapter. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(PAYMENTS_CONFIG) config: PaymentsConfig) {
    super({ adapter: mariaDbAdapter(config.databaseUrl) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
