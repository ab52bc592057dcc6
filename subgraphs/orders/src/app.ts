import { createServiceApp, databaseCheck, redisCheck, withServiceAudience, type ReadinessCheck } from '@retail/common';
import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { AppModule } from './app.module';
import { loadOrdersConfig, type OrdersConfig } from './config';
import { PrismaService } from './prisma/prisma.service';
import { WorkerModule } from './worker.module';

/**
 * Builds the orders subgraph application without listening, for main.ts, tests and the SDL printer; `options.httpsOptions`
 * makes it serve HTTPS. Ready when its database and Redis (the saga's queues) answer.
 */
export async function createApp(
  config: OrdersConfig = loadOrdersConfig(),
  options: NestApplicationOptions = {},
): Promise<INestApplication> {
  return createServiceApp(AppModule.forRoot(withServiceAudience(config, 'orders')), {
    ...options,
    readiness: (app) => ordersReadiness(app, config),
  });
}

/**
 * Builds the checkout saga worker process without listening: the step workers and the outbox relay, plus an
 * HTTP server with nothing but health (and metrics) routes. The workers start when the app initialises
 * (`listen` or `init`) and, on `close`, finish their running jobs before the queues and database close.
 */
export async function createWorkerApp(
  config: OrdersConfig = loadOrdersConfig(),
  options: NestApplicationOptions = {},
): Promise<INestApplication> {
  return createServiceApp(WorkerModule.forRoot(config), { ...options, readiness: (app) => ordersReadiness(app, config) });
}

/** Builds and starts the saga workers without an HTTP listener, for tests. */
export async function createWorker(config: OrdersConfig = loadOrdersConfig()): Promise<INestApplication> {
  const worker = await createWorkerApp(config);
  await worker.init();
  return worker;
}

function ordersReadiness(app: INestApplication, config: OrdersConfig): ReadinessCheck[] {
  return [databaseCheck('database', app.get(PrismaService)), redisCheck(config.redisUrl)];
}
