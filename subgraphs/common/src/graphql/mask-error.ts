import type { GraphQLFormattedError } from 'graphql';
import { Logger } from '@nestjs/common';
import { currentRequestId } from '../logging/log-context';
import { TransientServiceError } from '../service-client/service-token-client';
import { currentTraceId } from '../telemetry/trace-context';

/** Codes whose message is meant for the client, here and at the gateway. Anything else is internal and masked. */
export const CLIENT_ERROR_CODES: ReadonlySet<string> = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'TOO_MANY_REQUESTS',
  'PERSISTED_QUERY_NOT_IN_LIST',
  'SERVICE_UNAVAILABLE',
]);

/**
 * Errors that mean "too busy right now", not "broken": no database connection became free in time (the pools
 * wait 2 s, see prisma/adapters.ts). The client is told so, and may retry (placeOrder
 * with the same idempotency key places one order at most).
 */
const OVERLOAD_MESSAGES = [
  'Unable to start a transaction in the given time', // Prisma: an interactive transaction found no connection
  'timeout exceeded when trying to connect', // pg-pool
  'retrieve connection from pool timeout', // mariadb
];

/**
 * Why the request could not be served right now, if that is the reason: this service is overloaded, or a
 * service it needs did not answer (a TransientServiceError: another subgraph or the payment gateway was
 * unreachable, failed or timed out).
 */
function unavailability(error: unknown): 'overload' | 'dependency' | null {
  for (
    let cause = error as { name?: unknown; message?: unknown; cause?: unknown; originalError?: unknown } | undefined, depth = 0;
    cause && depth < 5;
    depth += 1
  ) {
    const message = typeof cause.message === 'string' ? cause.message : '';
    if (OVERLOAD_MESSAGES.some((text) => message.includes(text))) return 'overload';
    if (cause instanceof TransientServiceError) return 'dependency';
    cause = (cause.originalError ?? cause.cause) as typeof cause;
  }
  return null;
}

const UNAVAILABLE_MESSAGES = {
  overload: 'The service is too busy to answer; retry the request in a moment.',
  dependency: 'A service this request needs is not answering; retry the request in a moment.',
} as const;

const logger = new Logger('GraphQLError');

/**
 * Apollo `formatError`: keeps client errors as they are (without stack traces), answers an overload (no
 * database connection in time) and an outage of a service it needs with SERVICE_UNAVAILABLE, and replaces anything else with a generic
 * INTERNAL_SERVER_ERROR, logging the original so operators can find it. Every error carries the
 * request id (and the trace id when tracing is on), to find that log line.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions: { ...extensions, ...correlation() } };
  }
  const unavailable = unavailability(error);
  if (unavailable) {
    logger.warn(`${unavailable === 'overload' ? 'Overloaded' : 'A service needed is not answering'}, request refused: ${formatted.message}`);
    return {
      message: UNAVAILABLE_MESSAGES[unavailable],
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'SERVICE_UNAVAILABLE', ...correlation() },
    };
  }
  logger.error(formatted.message, (error as { originalError?: Error })?.originalError?.stack ?? String(error));
  return {
    message: 'Internal server error',
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: 'INTERNAL_SERVER_ERROR', ...correlation() },
  };
}

function correlation(): { requestId?: string; traceId?: string } {
  const requestId = currentRequestId();
  const traceId = currentTraceId();
  return { ...(requestId ? { requestId } : {}), ...(traceId ? { traceId } : {}) };
}
