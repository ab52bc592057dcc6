import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { GraphQLError, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionArgs } from 'graphql';
import type { useServer as UseServer } from 'graphql-ws/dist/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AccessTokenVerifier } from '@retail/common';
import { gatewayContextFor, type ClientCredentials } from '../gateway-context';
import type { LiveOperations, LiveOutcome } from './live-operations';

// graphql-ws publishes this entry only through package "exports", which this project's module resolution does not
// read for types; the types come from the same file's declaration.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { useServer } = require('graphql-ws/use/ws') as { useServer: typeof UseServer };

/** graphql-ws hands `ExecutionArgs` to execute/subscribe; the outcome is already known, so this is never executed. */
const UNUSED_SCHEMA = new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: { unused: { type: GraphQLString } } }) });

interface ConnectionExtra {
  socket: WebSocket;
  request: IncomingMessage;
  client?: Omit<ClientCredentials, 'requestId'>;
}

export interface GraphqlWsTransportOptions {
  path: string;
  /** Origins allowed to open a socket from a browser page (the CORS allowlist); same-host pages always may. */
  allowedOrigins: readonly string[];
}

/**
 * The graphql-ws protocol (WebSocket subprotocol `graphql-transport-ws`) on the gateway's HTTP server. The
 * access token comes in the `connection_init` payload (`{ "Authorization": "Bearer <token>" }`) and is verified
 * there: a bad one closes the socket with 4403. Each operation then runs through {@link LiveOperations}.
 */
export function attachGraphqlWs(
  httpServer: Server,
  live: LiveOperations,
  verifier: AccessTokenVerifier,
  { path, allowedOrigins }: GraphqlWsTransportOptions,
): { close(): Promise<void> } {
  const sockets = new WebSocketServer({ noServer: true });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? '/', 'http://gateway').pathname !== path) return socket.destroy();
    if (!originAllowed(request, allowedOrigins)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  };
  httpServer.on('upgrade', onUpgrade);

  const server = useServer<Record<string, unknown> | undefined, Pick<ConnectionExtra, 'client'>>(
    {
      onConnect: async (ctx) => {
        const authorization = authorizationOf(ctx.connectionParams);
        const clientIp = ctx.extra.request.socket.remoteAddress;
        try {
          await gatewayContextFor(verifier, { requestId: randomUUID(), authorization, clientIp });
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
        ctx.extra.client = { authorization, clientIp };
        return true;
      },
      onSubscribe: async (ctx, _id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
        const client = { ...ctx.extra.client, requestId: randomUUID() };
        const outcome = await live.execute(payload, client);
        if (outcome.kind === 'refused') return outcome.errors.map(asGraphQLError);
        return {
          schema: UNUSED_SCHEMA,
          document: parse(payload.query),
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: { outcome },
        };
      },
      execute: (args) => outcomeOf(args),
      subscribe: (args) => outcomeOf(args),
      // Results are already formatted (masked) by the gateway's pipeline: send them as they are.
      onNext: (_ctx, _id, _payload, _args, result) => result,
    },
    sockets,
  );

  return {
    close: async () => {
      httpServer.off('upgrade', onUpgrade);
      await server.dispose();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
    },
  };
}

// The outcome is a stream or a single, already formatted result; graphql-ws sends either as it is (see onNext).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function outcomeOf(args: ExecutionArgs): any {
  const { outcome } = args.contextValue as { outcome: Exclude<LiveOutcome, { kind: 'refused' }> };
  return outcome.kind === 'stream' ? outcome.events : outcome.result;
}

function authorizationOf(params: Record<string, unknown> | undefined): string | undefined {
  const value = params?.Authorization ?? params?.authorization;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A browser page may open a socket from an allowlisted origin or from the gateway's own host; other clients send no Origin. */
function originAllowed(request: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (!origin || allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

function asGraphQLError(error: { message: string; extensions?: Record<string, unknown>; path?: readonly (string | number)[] }): GraphQLError {
  return new GraphQLError(error.message, { path: error.path, extensions: error.extensions });
}
