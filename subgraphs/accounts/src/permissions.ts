import type { GraphQLResolveInfo } from 'graphql';
import { allow, rule, type IRules } from 'graphql-shield';
import { ForbiddenError, isUser, UnauthenticatedError, type RequestContext } from '@retail/common';
import { canReadUser } from './users/user-access';

/** Anything in this subgraph not named below. */
const denied = rule('denied', { cache: 'contextual' })(() => new ForbiddenError());

/**
 * A User's fields: for the user themself, an administrator or a service with accounts:read; and for the
 * user just signed in by register/login/refreshSession, whose credentials were the proof.
 */
const canSeeUser = rule('canSeeUser', { cache: 'no_cache' })(
  (parent: { id: string }, _args, context: RequestContext, info: GraphQLResolveInfo) => {
    if (info.path.prev?.typename === 'AuthPayload') return true;
    if (canReadUser(context, parent.id)) return true;
    return context.principal ? new ForbiddenError('Not allowed to see this user') : new UnauthenticatedError(context.tokenError);
  },
);

/** Who may call what in the accounts subgraph. `_entities` checks access in UsersService (shield cannot see references). */
export const accountsPermissions: IRules = {
  Query: {
    '*': denied,
    me: isUser,
    _service: allow,
    _entities: allow,
  },
  Mutation: {
    '*': denied,
    register: allow,
    login: allow,
    refreshSession: allow,
    logout: allow,
  },
  AuthPayload: allow,
  User: canSeeUser,
};
