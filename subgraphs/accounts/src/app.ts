import { createServiceApp, databaseCheck, withServiceAudience, redisCheck } from '@retail/common';
import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { AppModule } from './app.module';
import { PrismaService } from './prisma/prisma.service';
import { loadAccountsConfig, type AccountsConfig } from './config';

/**
 * Builds the accounts application without listening, for main.ts, tests and the SDL printer; `options.httpsOptions`
 * makes it serve HTTPS. Ready when its database and Redis answer.
 */
export async function createApp(
  config: AccountsConfig = loadAccountsConfig(),
  options: NestApplicationOptions = {},
): Promise<INestApplication> {
  return createServiceApp(AppModule.forRoot(withServiceAudience(config, 'accounts')), {
    ...options,
    readiness: (app) => [databaseCheck('database', app.get(PrismaService)), redisCheck(config.redisUrl)],
  });
}
