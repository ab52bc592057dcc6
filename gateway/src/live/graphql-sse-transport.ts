import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExecutionResult, GraphQLFormattedError } from 'graphql';
import { createHandler } from 'graphql-sse/lib/use/express';
import { Logger } from '@nestjs/common';
import type { LiveOperations } from './live-operations';

/** HTTP status of a refusal: the first error's code decides (401 for no or bad token, 403, 404, else 400). */
const STATUS_OF_CODE: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, INTERNAL_SERVER_ERROR: 500 };

/**
 * The graphql-sse protocol in its "distinct connections" mode: `POST /graphql` with `Accept: text/event-stream`
 * and the token in the Authorization header, answered with an event stream (`next` events, then `complete`).
 * A request refused before its first event (bad input, not signed in, another customer's order) gets a plain
 * JSON `{ errors }` with a 4xx status instead of a stream.
 */
export function graphqlSseMiddleware(live: LiveOperations) {
  const logger = new Logger('GraphqlSse');
  const handler = createHandler<{ requestId: string }>({
    // null disables the protocol's "single connection mode" (reservation tokens): every stream is its own request.
    authenticate: () => null,
    context: () => ({ requestId: randomUUID() }),
    onSubscribe: async (req, params) => {
      const raw = req.raw as unknown as IncomingMessage;
      const client = { requestId: randomUUID(), authorization: raw.headers.authorization, clientIp: raw.socket.remoteAddress };
      const outcome = await live.execute(params, client);
      if (outcome.kind === 'refused') return refusal(outcome.errors);
      // Results are already formatted (masked) by the gateway's pipeline; graphql-sse sends them as JSON.
      return (outcome.kind === 'stream' ? outcome.events : outcome.result) as unknown as ExecutionResult;
    },
  });
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (req.method !== 'POST' || !acceptsEventStream(req)) return next();
    // graphql-sse recognises only this exact Accept value.
    req.headers.accept = 'text/event-stream';
    handler(req as Parameters<typeof handler>[0], res as unknown as Parameters<typeof handler>[1]).catch((error: unknown) => {
      logger.error('Event stream failed', (error as Error).stack);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"errors":[{"message":"Internal server error"}]}');
      else res.end();
    });
  };
}

function acceptsEventStream(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').split(',').some((type) => type.split(';')[0].trim() === 'text/event-stream');
}

function refusal(errors: GraphQLFormattedError[]): [string, { status: number; statusText: string; headers: Record<string, string> }] {
  const code = errors[0]?.extensions?.code;
  const status = (typeof code === 'string' && STATUS_OF_CODE[code]) || 400;
  return [JSON.stringify({ errors }), { status, statusText: status >= 500 ? 'Internal Server Error' : 'Refused', headers: { 'content-type': 'application/json; charset=utf-8' } }];
}
