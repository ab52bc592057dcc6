import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { AccessTokenVerifier, InvalidTokenError, bearerToken } from './access-token-verifier';
import type { Principal, ServicePrincipal, UserPrincipal } from './principal';
import { ForbiddenError, UnauthenticatedError } from '../errors';

/** What every resolver of every subgraph gets as its GraphQL context. */
export interface RequestContext {
  requestId: string;
  /**
   * On whose behalf the request runs: the end user of `X-User-Authorization`, or else the calling service
   * itself when it acts on its own (a saga worker holding scopes). Absent for anonymous end users.
   */
  principal?: Principal;
  /** The service that sent the request (the gateway, the orders service), proven by its service token. */
  caller?: ServicePrincipal;
  /** Why a presented user token was not accepted; reported when the operation needs authentication. */
  tokenError?: string;
}

export const REQUEST_ID_HEADER = 'x-request-id';
/** Carries the end user's access token on calls between services; `Authorization` carries the caller's. */
export const USER_AUTHORIZATION_HEADER = 'x-user-authorization';
export const FORWARDED_FOR_HEADER = 'x-forwarded-for';

/**
 * Builds a subgraph's GraphQL context. Every request must carry a service token for this subgraph's audience
 * (`Authorization: Bearer <service token>`), or it is refused with UNAUTHENTICATED (HTTP 401) before anything
 * runs, introspection and `_entities` included. The end user's token, if any, comes in `X-User-Authorization`.
 */
export function createContextFactory(verifier: AccessTokenVerifier) {
  const audience = verifier.serviceAudience;
  // Fails at start-up: a subgraph that does not know its audience would accept no one, or anyone.
  if (!audience) throw new Error('A subgraph needs tokens.serviceAudience to check its callers');
  return async ({ req }: { req: IncomingMessage }): Promise<RequestContext> => {
    const header = req.headers[REQUEST_ID_HEADER];
    const requestId = (Array.isArray(header) ? header[0] : header) || randomUUID();
    const caller = await verifyCaller(verifier, audience, req.headers.authorization);
    const userHeader = req.headers[USER_AUTHORIZATION_HEADER];
    if (userHeader === undefined) {
      // A client without scopes (the gateway) only proves the hop: without a user it acts for an anonymous one.
      return { requestId, caller, principal: caller.scopes.length > 0 ? caller : undefined };
    }
    const token = bearerToken(userHeader);
    if (!token) return { requestId, caller, tokenError: 'X-User-Authorization must be "Bearer <token>"' };
    try {
      const principal = await verifier.verify(token);
      if (principal.kind !== 'user') return { requestId, caller, tokenError: 'Invalid access token' };
      return { requestId, caller, principal };
    } catch (error) {
      if (error instanceof InvalidTokenError) return { requestId, caller, tokenError: error.message };
      throw error;
    }
  };
}

async function verifyCaller(
  verifier: AccessTokenVerifier,
  audience: string,
  authorization: string | undefined,
): Promise<ServicePrincipal> {
  const token = bearerToken(authorization);
  if (!token) throw unauthenticatedRequest('Service credentials required');
  try {
    return await verifier.verifyService(token, audience);
  } catch (error) {
    if (error instanceof InvalidTokenError) throw unauthenticatedRequest(`Service credentials refused: ${error.message}`);
    throw error;
  }
}

/** UNAUTHENTICATED for the whole request, answered by Apollo Server with HTTP 401. */
function unauthenticatedRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** The signed-in user, or UNAUTHENTICATED. For services that act on the caller's own data. */
export function requireUser(context: RequestContext): UserPrincipal {
  const principal = context.principal;
  if (principal?.kind === 'user') return principal;
  throw new UnauthenticatedError(context.tokenError);
}

/** The signed-in admin, or UNAUTHENTICATED / FORBIDDEN. */
export function requireAdmin(context: RequestContext): UserPrincipal {
  const user = requireUser(context);
  if (user.role !== 'ADMIN') throw new ForbiddenError('Administrator role required');
  return user;
}

/** True when the principal may see data owned by `ownerId`: the owner, an admin, or a service acting on its own. */
export function canAccessOwnedBy(context: RequestContext, ownerId: string): boolean {
  const principal = context.principal;
  if (!principal) return false;
  if (principal.kind === 'service') return true;
  return principal.role === 'ADMIN' || principal.userId === ownerId;
}
