import type { FormattedExecutionResult, GraphQLFormattedError } from 'graphql';
import { createClient as createWsClient } from 'graphql-ws';
import { createClient as createSseClient, NetworkError } from 'graphql-sse';
import WebSocket from 'ws';

/** The two live transports on the gateway's /graphql. */
export type LiveTransport = 'websocket' | 'sse';

export type LiveEvent = FormattedExecutionResult<Record<string, any>>;

export interface LiveRun {
  /** Every `next` payload, in order. */
  events: LiveEvent[];
  /** Errors the server refused the operation with, before any event. */
  errors?: readonly GraphQLFormattedError[];
  /** HTTP status of an SSE refusal. */
  status?: number;
  /** Close code of a WebSocket the server closed (4403: the token was refused on connect). */
  closeCode?: number;
  /** The server completed the stream. */
  completed: boolean;
}

export interface LiveSubscription {
  /** Resolves when the stream completes or is refused. */
  finished: Promise<LiveRun>;
  /** Resolves with the first event (or the end, if none comes). */
  firstEvent: Promise<LiveEvent | undefined>;
  /** Unsubscribes and closes the connection. */
  close(): Promise<void>;
}

/**
 * Subscribes to an operation over one of the gateway's live transports as a client library would: graphql-ws
 * with the token in `connection_init`, or graphql-sse with the token in the Authorization header.
 */
export function subscribe(
  transport: LiveTransport,
  graphqlUrl: string,
  payload: { query: string; variables?: Record<string, unknown>; operationName?: string },
  token?: string,
): LiveSubscription {
  const run: LiveRun = { events: [], completed: false };
  let announceFirst!: (event: LiveEvent | undefined) => void;
  const firstEvent = new Promise<LiveEvent | undefined>((resolve) => (announceFirst = resolve));
  let dispose: () => Promise<void> = async () => undefined;
  const finished = new Promise<LiveRun>((resolve) => {
    const sink = {
      next: (value: unknown) => {
        run.events.push(value as LiveEvent);
        if (run.events.length === 1) announceFirst(run.events[0]);
      },
      error: (error: unknown) => {
        void describeError(error).then((described) => {
          Object.assign(run, described);
          announceFirst(undefined);
          resolve(run);
        });
      },
      complete: () => {
        run.completed = true;
        announceFirst(undefined);
        resolve(run);
      },
    };
    if (transport === 'websocket') {
      const client = createWsClient({
        url: graphqlUrl.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
        retryAttempts: 0,
      });
      const unsubscribe = client.subscribe(payload, sink);
      dispose = async () => {
        unsubscribe();
        await client.dispose();
      };
    } else {
      const client = createSseClient({
        url: graphqlUrl,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        retryAttempts: 0,
      });
      const unsubscribe = client.subscribe(payload, sink);
      dispose = async () => {
        unsubscribe();
        client.dispose();
      };
    }
  });
  return { finished, firstEvent, close: () => dispose() };
}

async function describeError(error: unknown): Promise<Pick<LiveRun, 'errors' | 'status' | 'closeCode'>> {
  if (Array.isArray(error)) return { errors: error as GraphQLFormattedError[] };
  const closeCode = (error as { code?: unknown } | null)?.code;
  if (typeof closeCode === 'number') return { closeCode };
  if (error instanceof NetworkError && error.response) {
    const body = (await error.response.json().catch(() => ({}))) as { errors?: GraphQLFormattedError[] };
    return { errors: body.errors, status: error.response.status };
  }
  return { errors: [{ message: error instanceof Error ? error.message : String(error) }] };
}
