import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { AppModule } from './app.module';
import { loadCatalogConfig, type CatalogConfig } from './config';

/** Builds the catalog application without listening, for main.ts, tests and the SDL printer. */
export async function createApp(config: CatalogConfig = loadCatalogConfig()): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: false });
  app.enableShutdownHooks();
  return app;
}
