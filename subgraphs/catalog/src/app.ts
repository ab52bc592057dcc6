import { createServiceApp, databaseCheck, withServiceAudience } from '@retail/common';
import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { AppModule } from './app.module';
import { PrismaService } from './prisma/prisma.service';
import { loadCatalogConfig, type CatalogConfig } from './config';

/**
 * Builds the catalog application without listening, for main.ts, tests and the SDL printer; `options.httpsOptions`
 * makes it serve HTTPS. Ready when its database answers.
 */
export async function createApp(
  config: CatalogConfig = loadCatalogConfig(),
  options: NestApplicationOptions = {},
): Promise<INestApplication> {
  return createServiceApp(AppModule.forRoot(withServiceAudience(config, 'catalog')), {
    ...options,
    readiness: (app) => [databaseCheck('database', app.get(PrismaService))],
  });
}
