import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger, type DynamicModule, type INestApplication, type NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readConfig } from '../config/env-reader';
import { applyOutboundTls, loadTlsConfig } from '../config/tls';
import { requestIdMiddleware } from '../logging/request-id';
import { addMetricsRoute } from '../metrics/metrics-registry';
import { stopTracing } from '../telemetry/tracing';
import { ProcessHealth, type ReadinessCheck } from './health';

export interface ServiceAppOptions extends NestApplicationOptions {
  /** What `/health/ready` checks, given the built app (to reach its Prisma client, say). */
  readiness?: (app: INestApplication) => ReadinessCheck[];
}

const healthOfApp = new WeakMap<INestApplication, ProcessHealth>();

/** How long an exiting process waits for its last spans to be exported. */
const TRACE_FLUSH_MS = 2_000;

/**
 * Builds one of the system's HTTP applications (a subgraph, the gateway, the saga worker) without listening,
 * with a request id for every request (in its logs and response), `/health/live`, `/health/ready`, `/health`
 * and `/metrics`. For each service's `createApp`, its tests and the SDL
 * printer; `options.httpsOptions` makes it serve HTTPS. Signals are handled by `runService`, not here.
 */
export async function createServiceApp(module: DynamicModule, options: ServiceAppOptions = {}): Promise<INestApplication> {
  const { readiness, ...nestOptions } = options;
  const app = await NestFactory.create(module, { bufferLogs: false, ...nestOptions });
  keepIdleConnectionsLongerThanClients(app.getHttpServer() as Server);
  app.use(requestIdMiddleware);
  const health = new ProcessHealth(readiness?.(app) ?? []);
  health.mount(app);
  addMetricsRoute(app);
  healthOfApp.set(app, health);
  return app;
}

/**
 * Keeps idle keep-alive connections open longer than callers keep them (Node's fetch drops its own after 4 s;
 * load balancers after about 60 s), so it is always the caller that closes one. With Node's 5 s default, a
 * request sent on a connection the server was closing at that moment failed with "other side closed", and a
 * busy event loop made that window seconds wide. Shutdown still closes idle connections at once.
 */
function keepIdleConnectionsLongerThanClients(server: Server): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}

/** The health routes' state of an app built by createServiceApp. */
export function processHealthOf(app: INestApplication): ProcessHealth {
  const health = healthOfApp.get(app);
  if (!health) throw new Error('This app was not built by createServiceApp');
  return health;
}

/** `SHUTDOWN_GRACE_MS`: how long a process may take, after SIGTERM, to finish its requests and jobs. */
export function readShutdownGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  return readConfig((reader) => reader.int('SHUTDOWN_GRACE_MS', 20_000, { min: 0, max: 600_000 }), env);
}

/**
 * Stops one app gracefully: reports not ready at once, stops accepting connections and lets the requests in
 * flight finish (`server.close`, which also drops idle keep-alive connections), then closes the app, whose
 * modules finish their own work (the saga workers wait for their running jobs) before databases and Redis
 * disconnect. Resolves false if that took longer than `graceMs`; the caller then exits anyway.
 */
export async function shutDownGracefully(app: INestApplication, graceMs: number): Promise<boolean> {
  processHealthOf(app).markShuttingDown();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), graceMs);
  });
  const closed = (async () => {
    const server = app.getHttpServer() as Server;
    if (server.listening) {
      // close() drops the connections idle now; one that finishes its request later is dropped on the next tick
      // of this sweep instead of waiting out the keep-alive timeout.
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      await new Promise<void>((resolve) => server.close(() => resolve())).finally(() => clearInterval(sweep));
    }
    await app.close();
    return true as const;
  })();
  try {
    return await Promise.race([closed, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The `main.ts` of every HTTP service: reads its config, trusts TLS_CA_FILE for outbound calls, builds the app
 * (serving HTTPS when TLS_CERT_FILE/TLS_KEY_FILE are set) and listens. On SIGTERM or SIGINT it shuts down
 * gracefully within SHUTDOWN_GRACE_MS and exits 0, or exits 1 when the grace period ran out. Exits non-zero if
 * start-up fails.
 */
export function runService<C extends { host: string; port: number }>(
  name: string,
  loadConfig: () => C,
  createApp: (config: C, options: NestApplicationOptions) => Promise<INestApplication>,
): void {
  const logger = new Logger(name);
  const start = async () => {
    const config = loadConfig();
    const graceMs = readShutdownGraceMs();
    const tls = loadTlsConfig();
    await applyOutboundTls(tls);
    const app = await createApp(config, { httpsOptions: tls.server });
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.log(`${signal} received: finishing work in flight (at most ${graceMs} ms), then exiting`);
      shutDownGracefully(app, graceMs).then(
        async (inTime) => {
          if (!inTime) logger.error(`work in flight did not finish within ${graceMs} ms; exiting anyway`);
          // The spans of the last requests and jobs are still buffered.
          await stopTracing(TRACE_FLUSH_MS);
          process.exit(inTime ? 0 : 1);
        },
        (error: unknown) => {
          logger.error(`shutdown failed: ${error instanceof Error ? error.stack : String(error)}`);
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
    await app.listen(config.port, config.host);
    const scheme = tls.server ? 'https' : 'http';
    // The bound port, which differs from the configured one when that is 0 (any free port).
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    logger.log(`${name} listening on ${scheme}://${config.host}:${port}`);
  };
  start().catch((error) => {
    new Logger(name).error(error);
    process.exit(1);
  });
}
