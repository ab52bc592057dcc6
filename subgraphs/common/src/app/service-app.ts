import 'reflect-metadata';
import { Logger, type DynamicModule, type INestApplication, type NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { applyOutboundTls, loadTlsConfig } from '../config/tls';

/**
 * Builds one of the system's HTTP applications (a subgraph or the gateway) without listening: shutdown hooks
 * on, and `GET /health`. For each service's `createApp`, its tests and the SDL printer; `options.httpsOptions`
 * makes it serve HTTPS.
 */
export async function createServiceApp(
  module: DynamicModule,
  options: NestApplicationOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(module, { bufferLogs: false, ...options });
  app.enableShutdownHooks();
  addHealthRoute(app);
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
    await app.listen(config.port, config.host);
    const scheme = tls.server ? 'https' : 'http';
    new Logger(name).log(`${name} listening on ${scheme}://${config.host}:${config.port}/graphql`);
  };
  start().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
