import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import {
  AccessTokenVerifier,
  InvalidTokenError,
  REQUEST_ID_HEADER,
  UnauthenticatedError,
  bearerToken,
  type Principal,
} from '@retail/common';

export interface GatewayContext {
  requestId: string;
  /** The caller's Authorization header, forwarded to subgraphs as X-User-Authorization. */
  authorization?: string;
  /** The address the client connected from, passed on to subgraphs as X-Forwarded-For. */
  clientIp?: string;
  principal?: Principal;
}

/**
 * Builds the gateway's per-request context. A presented token must be valid: a bad or expired one is
 * answered with UNAUTHENTICATED here, before any subgraph is called, so a client never gets anonymous
 * results because its session silently lapsed.
 */
export function createGatewayContextFactory(verifier: AccessTokenVerifier) {
  return async ({ req }: { req: IncomingMessage }): Promise<GatewayContext> => {
    const header = req.headers[REQUEST_ID_HEADER];
    const requestId = (Array.isArray(header) ? header[0] : header) || randomUUID();
    return gatewayContextFor(verifier, { requestId, authorization: req.headers.authorization, clientIp: req.socket.remoteAddress });
  };
}

/** What a client presented: its Authorization header (if any), where it connected from, the request id. */
export interface ClientCredentials {
  requestId: string;
  authorization?: string;
  clientIp?: string;
}

/**
 * The context of one operation of a client (an HTTP request, or one event of a live subscription): the token,
 * if presented, is verified here, and must be a user's.
 */
export async function gatewayContextFor(verifier: AccessTokenVerifier, { requestId, authorization, clientIp }: ClientCredentials): Promise<GatewayContext> {
  if (!authorization) return { requestId, clientIp };
  const token = bearerToken(authorization);
  if (!token) throw new UnauthenticatedError('Authorization header must be "Bearer <token>"');
  try {
    const principal = await verifier.verify(token);
    // Service tokens are for calls between services, never for the public API.
    if (principal.kind !== 'user') throw new UnauthenticatedError('Invalid access token');
    return { requestId, authorization, clientIp, principal };
  } catch (error) {
    if (error instanceof InvalidTokenError) throw new UnauthenticatedError(error.message);
    throw error;
  }
}
