import { GraphQLError } from 'graphql';
import { TransientServiceError } from '../service-client/service-token-client';
import { maskError } from './mask-error';

const format = (error: GraphQLError) => maskError(error.toJSON(), error);

describe('maskError', () => {
  it('keeps a client error as it is, without its stack trace', () => {
    const error = new GraphQLError('No such order', { extensions: { code: 'NOT_FOUND', stacktrace: ['at x'] } });
    expect(format(error)).toEqual({ message: 'No such order', extensions: { code: 'NOT_FOUND' } });
  });

  it('masks anything else as INTERNAL_SERVER_ERROR', () => {
    const error = new GraphQLError('relation "Order" does not exist', { originalError: new Error('relation "Order" does not exist') });
    expect(format(error)).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it.each([
    ['Prisma found no connection for a transaction', 'Transaction API error: Unable to start a transaction in the given time.'],
    ['pg-pool found no free connection', 'timeout exceeded when trying to connect'],
    ['the mariadb pool found no free connection', '(conn:-1, no: 45028, SQLState: HY000) retrieve connection from pool timeout after 2001ms'],
  ])('answers SERVICE_UNAVAILABLE when %s', (_case, message) => {
    const cause = new Error(message);
    const error = new GraphQLError('Unexpected error', { originalError: new Error('wrapped', { cause }) });
    expect(format(error)).toEqual({
      message: 'The service is too busy to answer; retry the request in a moment.',
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
  });

  it('answers SERVICE_UNAVAILABLE, without saying which or where, when a service it needs did not answer', () => {
    const error = new GraphQLError('Unexpected error', {
      originalError: new TransientServiceError('http://127.0.0.1:4002/graphql unreachable: connect ECONNREFUSED'),
    });
    expect(format(error)).toEqual({
      message: 'A service this request needs is not answering; retry the request in a moment.',
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
  });
});
