import { createServiceApp, withServiceAudience } from '@retail/common';
import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { AppModule } from './app.module';
import { loadPaymentsConfig, type PaymentsConfig } from './config';

/**
 * Builds the payments application without listening, for main.ts, tests and the SDL printer;
 * `options.httpsOptions` makes it serve HTTPS.
 */
export async function createApp(
  config: PaymentsConfig = loadPaymentsConfig(),
  options: NestApplicationOptions = {},
): Promise<INestApplication> {
  return createServiceApp(AppModule.forRoot(withServiceAudience(config, 'payments')), options);
}
