import type { IRules } from 'graphql-shield';
import { allow, rule } from 'graphql-shield';
import { ForbiddenError, UnauthenticatedError, hasServiceScope, type RequestContext } from '@retail/common';

const denied = rule('denied')(() => new ForbiddenError('Not allowed'));

/** Any verified caller; what they may see is decided per payment by PaymentsService. */
const isAuthenticated = rule({ cache: 'contextual' })((_parent, _args, context: RequestContext) =>
  context.principal ? true : new UnauthenticatedError(context.tokenError),
);

const canWritePayments = hasServiceScope('payments:write');

/**
 * Who may call what in the payments subgraph. Root fields are denied unless listed; payments reached
 * through `_entities` or `Order.payment` are checked against their customer in PaymentsService, since
 * shield does not see reference resolution.
 */
export const paymentsPermissions: IRules = {
  Query: {
    '*': denied,
    _entities: allow,
    _service: allow,
  },
  Mutation: {
    '*': denied,
    authorizePayment: canWritePayments,
    capturePayment: canWritePayments,
    reversePayment: canWritePayments,
  },
  Order: {
    payment: isAuthenticated,
  },
};
