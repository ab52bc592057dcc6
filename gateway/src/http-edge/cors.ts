import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';
import { REQUEST_ID_HEADER } from '@retail/common';
import type { CorsConfig } from './cors-config';

/** Request headers a browser app may send: the token, Apollo's CSRF-preflight and client-awareness headers. */
export const CORS_ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  REQUEST_ID_HEADER,
];

/**
 * CORS for the allowlisted origins only. Tokens travel in the Authorization header, never in cookies, so
 * credentials are not allowed. Another origin gets no CORS header at all: its preflight falls through to
 * Apollo, which refuses it, and the browser blocks the call.
 */
export function corsOptions({ allowedOrigins }: CorsConfig): CorsOptions {
  const allowed = new Set(allowedOrigins);
  return {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: [REQUEST_ID_HEADER],
    credentials: false,
    maxAge: 600,
  };
}

/**
 * Every response varies by Origin (the CORS middleware says so only when it allows one), so a shared cache
 * never serves one origin's answer to another.
 */
export function varyByOrigin(_req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const vary = res.getHeader('vary');
  const values = (Array.isArray(vary) ? vary.join(',') : String(vary ?? ''))
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
  if (!values.some((value) => value.toLowerCase() === 'origin')) res.setHeader('vary', [...values, 'Origin'].join(', '));
  next();
}
