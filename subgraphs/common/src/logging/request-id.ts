import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER } from '../auth/request-context';
import { runWithLogFields } from './log-context';

/** A caller's id is kept only if it is short and plain, so it cannot forge or flood log lines. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every HTTP request an id before anything else sees it: the caller's `x-request-id` if acceptable (the
 * gateway's, on calls between services), else a new UUID. The id is echoed in the response header, put back
 * on the request for the GraphQL context (and so sent on to subgraphs), and written in every log line of the
 * request (see {@link runWithLogFields}).
 */
export function requestIdMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const header = req.headers[REQUEST_ID_HEADER];
  const presented = Array.isArray(header) ? header[0] : header;
  const requestId = presented && ACCEPTABLE_REQUEST_ID.test(presented) ? presented : randomUUID();
  req.headers[REQUEST_ID_HEADER] = requestId;
  res.setHeader(REQUEST_ID_HEADER, requestId);
  runWithLogFields({ requestId }, next);
}

/** Runs `work` as part of the request `requestId` (a live subscription's operations, outside any HTTP request). */
export function runWithRequestId<T>(requestId: string, work: () => T): T {
  return runWithLogFields({ requestId }, work);
}
