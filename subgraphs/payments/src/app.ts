import { NestFactory } from '@nestjs/core';
import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { AppModule } from './app.module';
import { loadPaymentsConfig, type PaymentsConfig } from './config';

/** Builds the payments application without listening, for main.ts, tests and the SDL printer. */
export async function createApp(
  config: PaymentsConfig = loadPaymentsConfig(),
  options: NestApplicationOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: false, ...options });
  app.enableShutdownHooks();
  return app;
}
