import { CombinedGraphQLErrors } from '@apollo/client/errors';

/** Codes whose message the gateway writes for the client (the rest it masks as "Internal server error"). */
const SHOPPER_FACING_CODES = new Set(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'TOO_MANY_REQUESTS']);

/**
 * A sentence for the shopper. The gateway's own message when it is meant for clients ("Invalid email or
 * password", which field is wrong); otherwise a summary with the request id, so support can find the request
 * in the gateway's logs.
 */
export function errorMessage(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const code = first?.extensions?.code;
    if (first && typeof code === 'string' && SHOPPER_FACING_CODES.has(code)) return first.message;
    const requestId = first?.extensions?.requestId;
    return `Something went wrong on our side${typeof requestId === 'string' ? ` (request ${requestId})` : ''}. Please try again.`;
  }
  return 'We cannot reach the shop right now. Check your connection and try again.';
}

/**
 * Whether RefreshSession failed because the server refused the refresh token (expired, revoked, reused), as
 * opposed to an outage or an internal error, after which the session is kept and renewed again later.
 */
export function isRefusedSession(error: unknown): boolean {
  return CombinedGraphQLErrors.is(error) && error.errors.some((graphqlError) => graphqlError.extensions?.code === 'UNAUTHENTICATED');
}
