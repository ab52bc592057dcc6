import { NestFactory } from '@nestjs/core';
import { createServiceApp, withServiceAudience } from '@retail/common';
import type { INestApplication, NestApplicationOptions, INestApplicationContext } from '@nestjs/common';
import { AppModule } from './app.module';
import { loadOrdersConfig, type OrdersConfig } from './config';
import { WorkerModule } from './worker.module';

/**
 * Builds the orders subgraph application without listening, for main.ts, tests and the SDL printer; `options.httpsOptions`
 * makes it serve HTTPS.
 */
export async function createApp(
  config: OrdersConfig = loadOrdersConfig(),
  options: NestApplicationOptions = {},
): Promise<INestApplication> {
  return createServiceApp(AppModule.forRoot(withServiceAudience(config, 'orders')), options);
}

/** Builds and starts the checkout saga workers (an application context, no HTTP), for worker.ts and tests. */
export async function createWorker(config: OrdersConfig = loadOrdersConfig()): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: false });
  await worker.init();
  return worker;
}
