import type { IRules } from 'graphql-shield';
import { allow, deny, rule } from 'graphql-shield';
import { UnauthenticatedError, isUser, type RequestContext } from '@retail/common';

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
    '*': deny,
    _service: allow,
    _entities: allow,
    order: isUser,
  },
  Mutation: {
    '*': deny,
    placeOrder: isUser,
    cancelOrder: isUser,
  },
  User: {
    orders: isUserOrService,
  },
};
