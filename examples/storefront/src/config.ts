/** The gateway's GraphQL endpoint over HTTP, and the same path over WebSocket for subscriptions. */
export interface GatewayEndpoints {
  httpUrl: string;
  wsUrl: string;
}

export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:4000/graphql';

/**
 * Reads `VITE_GATEWAY_URL` (set when `vite` serves or builds the shop; Vite inlines it into the bundle).
 * A URL that is not http(s) stops the app at start with a message saying so.
 */
export function gatewayEndpoints(configured: string | undefined): GatewayEndpoints {
  const raw = configured?.trim() || DEFAULT_GATEWAY_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`VITE_GATEWAY_URL is not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`VITE_GATEWAY_URL must be an http(s) URL, not ${raw}`);
  }
  const wsUrl = new URL(url);
  wsUrl.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return { httpUrl: url.toString(), wsUrl: wsUrl.toString() };
}
