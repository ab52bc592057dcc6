import { GraphQLError } from 'graphql';
import { operationLabel, requestOutcome } from './graphql-request-metrics';

describe('GraphQL request metrics labels', () => {
  it('labels a request by its operation name, anonymous ones together', () => {
    expect(operationLabel('PlaceOrder')).toBe('PlaceOrder');
    expect(operationLabel(undefined)).toBe('(anonymous)');
    expect(operationLabel('')).toBe('(anonymous)');
  });

  it('does not let clients invent label values: odd names and names past the limit become (other)', () => {
    expect(operationLabel('drop table; --')).toBe('(other)');
    expect(operationLabel('x'.repeat(65))).toBe('(other)');
    for (let index = 0; index < 250; index++) operationLabel(`Generated${index}`);
    expect(operationLabel('OneMoreAfterTheLimit')).toBe('(other)');
    expect(operationLabel('PlaceOrder')).toBe('PlaceOrder');
  });

  it("tells ok, the client's errors and the system's errors apart", () => {
    const withCode = (code?: string) => new GraphQLError('x', code ? { extensions: { code } } : {});
    expect(requestOutcome(undefined)).toBe('ok');
    expect(requestOutcome([])).toBe('ok');
    expect(requestOutcome([withCode('BAD_USER_INPUT'), withCode('UNAUTHENTICATED')])).toBe('client_error');
    expect(requestOutcome([withCode('BAD_USER_INPUT'), withCode('INTERNAL_SERVER_ERROR')])).toBe('error');
    expect(requestOutcome([withCode()])).toBe('error');
  });
});
