import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { errorMessage, isRefusedSession } from './error-message';

const graphqlError = (message: string, extensions: Record<string, unknown>) => new CombinedGraphQLErrors({ errors: [{ message, extensions }] });

describe(errorMessage.name, () => {
  it("shows the gateway's message for client errors", () => {
    expect(errorMessage(graphqlError('Invalid email or password', { code: 'UNAUTHENTICATED' }))).toBe('Invalid email or password');
    expect(errorMessage(graphqlError('quantity must be positive', { code: 'BAD_USER_INPUT' }))).toBe('quantity must be positive');
  });

  it('summarizes internal errors with the request id', () => {
    expect(errorMessage(graphqlError('Internal server error', { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-1' }))).toBe(
      'Something went wrong on our side (request req-1). Please try again.',
    );
  });

  it('says when the gateway cannot be reached', () => {
    expect(errorMessage(new TypeError('Failed to fetch'))).toMatch(/cannot reach/);
  });
});

describe(isRefusedSession.name, () => {
  it('is true only when the server refused the refresh token', () => {
    expect(isRefusedSession(graphqlError('Invalid refresh token', { code: 'UNAUTHENTICATED' }))).toBe(true);
    expect(isRefusedSession(graphqlError('Internal server error', { code: 'INTERNAL_SERVER_ERROR' }))).toBe(false);
    expect(isRefusedSession(new TypeError('Failed to fetch'))).toBe(false);
  });
});
