import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { PRISMA_CLIENT_OPTIONS, postgresAdapter } from '@retail/common';
import { PrismaClient } from '../generated/prisma/client';
import { CATALOG_CONFIG, type CatalogConfig } from '../config';

/** The catalog database, through Prisma on the `pg` driver adapter. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(CATALOG_CONFIG) config: CatalogConfig) {
    super({ ...PRISMA_CLIENT_OPTIONS, adapter: postgresAdapter(config.databaseUrl) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
