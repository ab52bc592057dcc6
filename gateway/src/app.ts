import { NestFactory } from '@nestjs/core';
import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { addHealthRoute } from '@retail/common';
import { AppModule } from './app.module';
import { loadGatewayConfig, type GatewayConfig } from './config';

/** Builds the gateway application without listening; `options.httpsOptions` makes it serve HTTPS. */
export async function createApp(
  config: GatewayConfig = loadGatewayConfig(),
  options: NestApplicationOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), options);
  app.enableShutdownHooks();
  addHealthRoute(app);
  return app;
}
