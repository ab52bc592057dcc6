import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER } from '@retail/common';

const requestIds = new AsyncLocalStorage<string>();

/** A caller's id is kept only if it is short and plain, so it cannot forge or flood log lines. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every HTTP request an id before GraphQL sees it: the caller's `x-request-id` if acceptable, else a new
 * UUID. The id is echoed in the response header, used by the GraphQL context (and so sent to subgraphs), and
 * readable with {@link currentRequestId} anywhere in the request, error formatting included.
 */
export function requestIdMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const header = req.headers[REQUEST_ID_HEADER];
  const presented = Array.isArray(header) ? header[0] : header;
  const requestId = presented && ACCEPTABLE_REQUEST_ID.test(presented) ? presented : randomUUID();
  req.headers[REQUEST_ID_HEADER] = requestId;
  res.setHeader(REQUEST_ID_HEADER, requestId);
  requestIds.run(requestId, next);
}

/** The id of the HTTP request being handled, if any. */
export function currentRequestId(): string | undefined {
  return requestIds.getStore();
}

/** Runs `work` as part of the request `requestId` (a live subscription's operations, outside any HTTP request). */
export function runWithRequestId<T>(requestId: string, work: () => T): T {
  return requestIds.run(requestId, work);
}
