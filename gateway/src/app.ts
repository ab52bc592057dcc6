import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { createServiceApp } from '@retail/common';
import { AppModule } from './app.module';
import { installClientEdge } from './client-edge';
import { loadGatewayConfig, type GatewayConfig } from './config';

/** Builds the gateway application without listening; `options.httpsOptions` makes it serve HTTPS. */
export async function createApp(
  config: GatewayConfig = loadGatewayConfig(),
  options: NestApplicationOptions = {},
): Promise<INestApplication> {
  const app = await createServiceApp(AppModule.forRoot(config), options);
  installClientEdge(app, config);
  return app;
}
