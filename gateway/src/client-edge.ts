import type { INestApplication } from '@nestjs/common';
import type { GatewayConfig } from './config';
import { installHttpEdge } from './http-edge/install-http-edge';

/**
 * What the gateway adds for browsers and live clients around the GraphQL endpoint, before Apollo's own
 * middleware: CORS and security headers.
 */
export function installClientEdge(app: INestApplication, config: GatewayConfig): void {
  installHttpEdge(app, config.cors);
}
