import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { PRISMA_CLIENT_OPTIONS, postgresAdapter } from '@retail/common';
import { PrismaClient } from '../generated/prisma/client';
import { ACCOUNTS_CONFIG, type AccountsConfig } from '../config';

/** The accounts database, through Prisma on the `pg` driver adapter. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(ACCOUNTS_CONFIG) config: AccountsConfig) {
    super({ ...PRISMA_CLIENT_OPTIONS, adapter: postgresAdapter(config.databaseUrl) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
