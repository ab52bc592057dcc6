import { canAccessOwnedBy, ForbiddenError, UnauthenticatedError, type RequestContext } from '@retail/common';
import { ACCOUNTS_READ_SCOPE } from '../service-clients/service-client.registry';

/**
 * True when the caller may see the user `userId`: the user themself, an administrator, or a service client
 * holding `accounts:read`.
 */
export function canReadUser(context: RequestContext, userId: string): boolean {
  if (!canAccessOwnedBy(context, userId)) return false;
  const principal = context.principal;
  return principal?.kind !== 'service' || principal.scopes.includes(ACCOUNTS_READ_SCOPE);
}

/** UNAUTHENTICATED without credentials, FORBIDDEN when the caller may not see the user. */
export function assertCanReadUser(context: RequestContext, userId: string): void {
  if (!context.principal) throw new UnauthenticatedError(context.tokenError);
  if (!canReadUser(context, userId)) throw new ForbiddenError('Not allowed to see this user');
}
