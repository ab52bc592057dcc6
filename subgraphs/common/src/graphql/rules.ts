import { rule } from 'graphql-shield';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import type { RequestContext } from '../auth/request-context';

/**
 * graphql-shield rules shared by every subgraph. Each returns a typed error so the client sees
 * UNAUTHENTICATED or FORBIDDEN rather than shield's generic "Not Authorised!".
 */
export const isUser = rule({ cache: 'contextual' })((_parent, _args, context: RequestContext) =>
  context.principal?.kind === 'user' ? true : new UnauthenticatedError(context.tokenError),
);

export const isAdmin = rule({ cache: 'contextual' })((_parent, _args, context: RequestContext) => {
  const principal = context.principal;
  if (principal?.kind !== 'user') return new UnauthenticatedError(context.tokenError);
  return principal.role === 'ADMIN' ? true : new ForbiddenError('Administrator role required');
});

/** A service client holding `scope` (OAuth2 client-credentials token). */
export const hasServiceScope = (scope: string) =>
  rule(`hasServiceScope:${scope}`, { cache: 'contextual' })((_parent, _args, context: RequestContext) => {
    const principal = context.principal;
    if (principal?.kind !== 'service') return new UnauthenticatedError('Service credentials required');
    return principal.scopes.includes(scope) ? true : new ForbiddenError(`Scope ${scope} required`);
  });
