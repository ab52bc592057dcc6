import 'reflect-metadata';
import { Logger, type DynamicModule, type INestApplication, type NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { applyOutboundTls, loadTlsConfig } from '../config/tls';
import { requestIdMiddleware } from '../logging/request-id';
import { addMetricsRoute } from '../metrics/metrics-registry';
import { stopTracing } from '../telemetry/tracing';

/**
 * Builds one of the system's HTTP applications (a subgraph or the gateway) without listening: shutdown hooks
 * on, a request id for every request (in its logs and response), `GET /health` and `GET /metrics`. For each
 * service's `createApp`, its tests and the SDL printer; `options.httpsOptions` makes it serve HTTPS.
 */
export async function createServiceApp(
  module: DynamicModule,
  options: NestApplicationOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(module, { bufferLogs: false, ...options });
  app.enableShutdownHooks();
  app.use(requestIdMiddleware);
  addHealthRoute(app);
  addMetricsRoute(app);
  return app;
}

/**
 * `GET /health`, answered without credentials (a subgraph's GraphQL endpoint needs a service token): for the
 * launcher's readiness probe and container health checks. It tells only that the process serves HTTP.
 */
export function addHealthRoute(app: INestApplication): void {
  const http = app.getHttpAdapter();
  http.get('/health', (_request: unknown, response: unknown) => http.reply(response, { status: 'ok' }, 200));
}

/**
 * The `main.ts` of every HTTP service: reads its config, trusts TLS_CA_FILE for outbound calls, builds the app
 * (serving HTTPS when TLS_CERT_FILE/TLS_KEY_FILE are set) and listens. Exits non-zero if any of it fails.
 * Telemetry is started before, by the entry file's first import (see `startTelemetry`).
 */
export function runService<C extends { host: string; port: number }>(
  name: string,
  loadConfig: () => C,
  createApp: (config: C, options: NestApplicationOptions) => Promise<INestApplication>,
): void {
  const start = async () => {
    const config = loadConfig();
    const tls = loadTlsConfig();
    await applyOutboundTls(tls);
    const app = await createApp(config, { httpsOptions: tls.server });
    // Best effort: spans still buffered are exported while the app closes (SIGTERM, SIGINT); Nest then exits.
    app.getHttpServer().once('close', () => void stopTracing());
    await app.listen(config.port, config.host);
    const scheme = tls.server ? 'https' : 'http';
    new Logger(name).log(`${name} listening on ${scheme}://${config.host}:${config.port}/graphql`);
  };
  start().catch((error) => {
    new Logger(name).error(error);
    process.exit(1);
  });
}
