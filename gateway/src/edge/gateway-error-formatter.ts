import type { GraphQLFormattedError } from 'graphql';
import { Logger, type LoggerService } from '@nestjs/common';
import { CLIENT_ERROR_CODES, currentRequestId, currentTraceId } from '@retail/common';

/** Extensions that describe the system's insides (which service failed, stack traces), never sent to clients. */
const INTERNAL_EXTENSIONS = new Set(['stacktrace', 'serviceName', 'exception', 'originalError', 'http', 'query', 'variables']);

const SUGGESTION = /\s*Did you mean .*\?$/s;

export interface GatewayErrorFormatterOptions {
  /** Removes "Did you mean ...?" suggestions, which reveal schema fields to someone probing the API. */
  hideSuggestions: boolean;
  logger?: LoggerService;
}

/**
 * The gateway's Apollo `formatError`: client errors keep their message and code, everything else becomes
 * INTERNAL_SERVER_ERROR with a generic message (the full error is logged). Every error carries the request
 * id in `extensions.requestId`, the same as the `x-request-id` response header, so a client report can be
 * matched with the logs; when tracing is on, `extensions.traceId` names the request's trace too.
 */
export function createGatewayErrorFormatter({ hideSuggestions, logger = new Logger('GatewayError') }: GatewayErrorFormatterOptions) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const requestId = currentRequestId();
    const traceId = currentTraceId();
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) {
      const extensions = Object.fromEntries(
        Object.entries(formatted.extensions ?? {}).filter(([key]) => !INTERNAL_EXTENSIONS.has(key)),
      );
      return {
        message: hideSuggestions ? formatted.message.replace(SUGGESTION, '') : formatted.message,
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { ...extensions, code, requestId, ...(traceId ? { traceId } : {}) },
      };
    }
    logger.error(`Request ${requestId ?? '(none)'}: ${formatted.message}`, stackOf(error));
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId, ...(traceId ? { traceId } : {}) },
    };
  };
}

function stackOf(error: unknown): string {
  const original = (error as { originalError?: unknown } | undefined)?.originalError ?? error;
  return original instanceof Error ? (original.stack ?? original.message) : String(original);
}
