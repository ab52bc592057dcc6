import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { AppModule } from './app.module';
import { loadAccountsConfig, type AccountsConfig } from './config';

/** Builds the accounts application without listening, for main.ts, tests and the SDL printer. */
export async function createApp(config: AccountsConfig = loadAccountsConfig()): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: false });
  app.enableShutdownHooks();
  return app;
}
