import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { AccessTokenVerifier, InvalidTokenError, bearerToken } from './access-token-verifier';
import type { Principal, UserPrincipal } from './principal';
import { ForbiddenError, UnauthenticatedError } from '../errors';

/** What every resolver of every subgraph gets as its GraphQL context. */
export interface RequestContext {
  requestId: string;
  principal?: Principal;
  /** Why a presented token was not accepted; reported when the operation needs authentication. */
  tokenError?: string;
}

export const REQUEST_ID_HEADER = 'x-request-id';

/** Builds the GraphQL context of a request from its Authorization header. */
export function createContextFactory(verifier: AccessTokenVerifier) {
  return async ({ req }: { req: IncomingMessage }): Promise<RequestContext> => {
    const header = req.headers[REQUEST_ID_HEADER];
    const requestId = (Array.isArray(header) ? header[0] : header) || randomUUID();
    const token = bearerToken(req.headers.authorization);
    if (!token) return { requestId };
    try {
      return { requestId, principal: await verifier.verify(token) };
    } catch (error) {
      if (error instanceof InvalidTokenError) return { requestId, tokenError: error.message };
      throw error;
    }
  };
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

/** True when the caller may see data owned by `ownerId`: the owner, an admin, or a service client. */
export function canAccessOwnedBy(context: RequestContext, ownerId: string): boolean {
  const principal = context.principal;
  if (!principal) return false;
  if (principal.kind === 'service') return true;
  return principal.role === 'ADMIN' || principal.userId === ownerId;
}
