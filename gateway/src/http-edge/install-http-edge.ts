import type { INestApplication } from '@nestjs/common';
import type { CorsConfig } from './cors-config';
import { corsOptions, varyByOrigin } from './cors';
import { securityHeaders } from './security-headers';

/**
 * The HTTP layer in front of GraphQL, mounted on the Express app before any route (Apollo's middleware is added
 * later, when the app initialises): no `X-Powered-By`, security headers, and CORS, so a browser's preflight is
 * answered before Apollo's CSRF prevention sees it.
 */
export function installHttpEdge(app: INestApplication, cors: CorsConfig): void {
  const express = app.getHttpAdapter().getInstance() as { disable(setting: string): void };
  express.disable('x-powered-by');
  app.use(securityHeaders());
  app.use(varyByOrigin);
  app.enableCors(corsOptions(cors));
}
