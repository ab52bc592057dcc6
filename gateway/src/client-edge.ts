import type { INestApplication } from '@nestjs/common';
import type { GatewayConfig } from './config';
import { installExplorer } from './explorer/install-explorer';
import { installHttpEdge } from './http-edge/install-http-edge';
import { LiveStatusService } from './live/live-status.module';

/**
 * What the gateway adds for browsers and live clients around the GraphQL endpoint, before Apollo's own
 * middleware: CORS and security headers, the development explorer's files, then live operations over
 * Server-Sent Events and WebSocket.
 */
export function installClientEdge(app: INestApplication, config: GatewayConfig): void {
  installHttpEdge(app, config.cors);
  if (!config.production) installExplorer(app);
  app.get(LiveStatusService).install(app);
}
