import type { IncomingMessage } from 'node:http';

/**
 * The address of the client behind a request: the first hop of `x-forwarded-for` (set by the gateway, the
 * only caller the subgraphs are exposed to), else the socket's peer address.
 */
export function clientIp(req: IncomingMessage | undefined): string {
  const header = req?.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim();
  if (forwarded) return forwarded.slice(0, 64);
  return req?.socket?.remoteAddress ?? 'unknown';
}
