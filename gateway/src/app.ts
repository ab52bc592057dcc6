import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { SUBGRAPH_NAMES, createServiceApp, httpLivenessCheck, redisCheck } from '@retail/common';
import { AppModule } from './app.module';
import { installClientEdge } from './client-edge';
import { loadGatewayConfig, type GatewayConfig } from './config';
import { SupergraphStatus } from './health/supergraph-status';

/**
 * Builds the gateway application without listening; `options.httpsOptions` makes it serve HTTPS. Ready when
 * its supergraph is loaded, Redis (persisted queries, the queue dashboard) answers, and every subgraph is
 * reachable. A subgraph counts when it is live, not when it is ready: one subgraph's database outage must not
 * take every gateway out of its load balancer, since the others still answer the queries that avoid it.
 */
export async function createApp(
  config: GatewayConfig = loadGatewayConfig(),
  options: NestApplicationOptions = {},
): Promise<INestApplication> {
  const app = await createServiceApp(AppModule.forRoot(config), {
    ...options,
    readiness: (app) => [
      app.get(SupergraphStatus).check,
      redisCheck(config.admin.redisUrl),
      ...SUBGRAPH_NAMES.map((name) => httpLivenessCheck(name, config.subgraphUrls[name].replace(/\/graphql$/, ''))),
    ],
  });
  installClientEdge(app, config);
  return app;
}
