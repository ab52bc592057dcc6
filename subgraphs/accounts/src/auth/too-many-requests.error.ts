import { GraphQLError } from 'graphql';

/** Sign-in refused because of too many recent failures; `retryAfterSeconds` says when to try again. */
export class TooManyRequestsError extends GraphQLError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-in attempts; try again in ${retryAfterSeconds} seconds`, {
      extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds },
    });
  }
}
