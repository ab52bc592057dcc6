import { GraphQLError } from 'graphql';

/**
 * The few errors clients see, each with its `extensions.code`. Services throw these; anything else is an
 * internal error and is masked before it reaches a client.
 */
export type ClientErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT';

export class ClientError extends GraphQLError {
  constructor(code: ClientErrorCode, message: string, details?: Record<string, unknown>) {
    super(message, { extensions: { code, ...details } });
  }
}

export class BadUserInputError extends ClientError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('BAD_USER_INPUT', message, details);
  }
}

export class UnauthenticatedError extends ClientError {
  constructor(message = 'Authentication required') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends ClientError {
  constructor(message = 'Not allowed') {
    super('FORBIDDEN', message);
  }
}

export class NotFoundError extends ClientError {
  constructor(what: string, id?: string) {
    super('NOT_FOUND', id ? `${what} ${id} not found` : `${what} not found`);
  }
}

export class ConflictError extends ClientError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}
