import { CombinedGraphQLErrors } from '@apollo/client/errors';

/** The error codes the gateway puts in `extensions.code` that a shopper can act on. */
const MESSAGES_BY_CODE: Record<string, string> = {
  UNAUTHENTICATED: 'Please sign in to continue.',
  FORBIDDEN: 'This belongs to another account.',
  NOT_FOUND: 'We could not find that.',
  TOO_MANY_REQUESTS: 'Too many attempts. Please wait a minute and try again.',
};

/**
 * A sentence for the shopper. Bad input keeps the server's own message (it names the field and the problem);
 * anything else is summarized, and the request id is shown so support can find it in the gateway's logs.
 */
export function errorMessage(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : undefined;
    if (code === 'BAD_USER_INPUT' && first) return first.message;
    if (code && MESSAGES_BY_CODE[code]) return MESSAGES_BY_CODE[code];
    const requestId = first?.extensions?.requestId;
    return `Something went wrong on our side${typeof requestId === 'string' ? ` (request ${requestId})` : ''}. Please try again.`;
  }
  return 'We cannot reach the shop right now. Check your connection and try again.';
}

/** The `extensions.code` of the first GraphQL error, if the error came from the server. */
export function errorCode(error: unknown): string | undefined {
  if (!CombinedGraphQLErrors.is(error)) return undefined;
  const code = error.errors[0]?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}
