import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { AppModule } from './app.module';
import { loadGatewayConfig, type GatewayConfig } from './config';

/** Builds the gateway application without listening. */
export async function createApp(config: GatewayConfig = loadGatewayConfig()): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config));
  app.enableShutdownHooks();
  return app;
}
