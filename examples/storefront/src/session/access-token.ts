/**
 * When to renew an access token. The token is a JWT whose `iat` and `exp` claims say how long it lives; the
 * delay is measured from the moment the browser received it, so a browser clock that is off by minutes still
 * renews in time.
 */
export interface AccessTokenLifetime {
  /** Seconds between `iat` and `exp`. */
  lifetimeSeconds: number;
}

/** Renew this long before expiry at most (a fifth of the lifetime for short-lived tokens). */
const RENEW_AHEAD_SECONDS = 60;

export function lifetimeOf(accessToken: string): AccessTokenLifetime {
  const [, payload] = accessToken.split('.');
  if (!payload) throw new Error('The access token is not a JWT');
  const claims = JSON.parse(decodeBase64Url(payload)) as { iat?: unknown; exp?: unknown };
  if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number' || claims.exp <= claims.iat) {
    throw new Error('The access token has no usable iat/exp claims');
  }
  return { lifetimeSeconds: claims.exp - claims.iat };
}

/** Milliseconds after receipt at which to renew a token that lives `lifetimeSeconds`. */
export function renewalDelayMs({ lifetimeSeconds }: AccessTokenLifetime): number {
  const ahead = Math.min(RENEW_AHEAD_SECONDS, lifetimeSeconds / 5);
  return Math.max(0, (lifetimeSeconds - ahead) * 1000);
}

function decodeBase64Url(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
