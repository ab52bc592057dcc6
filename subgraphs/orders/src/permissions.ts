import type { IRules } from 'graphql-shield';
import { allow, rule } from 'graphql-shield';
import { ForbiddenError, UnauthenticatedError, isUser, type RequestContext } from '@retail/common';

/** Root fields not listed below: a typed FORBIDDEN, not shield's code-less error (which would be masked as internal). */
const notListed = rule('ordersNotListed', { cache: 'no_cache' })(() => new ForbiddenError('Operation not allowed'));

/** A signed-in user or a service client; which user's data they may see is checked in OrdersService. */
const isUserOrService = rule({ cache: 'contextual' })((_parent, _args, context: RequestContext) =>
  context.principal ? true : new UnauthenticatedError(context.tokenError),
);

/**
 * Who may call what in the orders subgraph. Root fields are denied unless listed. `_entities` is open to the
 * router: reference resolvers check access themselves (shield does not see `__resolveReference`). Admins are
 * users too: the services decide what an admin may do beyond a customer.
 */
export const ordersPermissions: IRules = {
  Query: {
    '*': notListed,
    _service: allow,
    _entities: allow,
    order: isUser,
  },
  Mutation: {
    '*': notListed,
    placeOrder: isUser,
    cancelOrder: isUser,
  },
  // Served by the gateway; declared here for the schema only (the resolver refuses direct calls).
  Subscription: {
    '*': notListed,
    orderStatusChanged: isUser,
  },
  User: {
    orders: isUserOrService,
  },
};
