import type { ServiceCredentials } from '../config/auth-config';

/**
 * Gets and caches an OAuth2 client-credentials access token from the accounts service, renewing it a
 * little before it expires. One instance per service client.
 */
export class ServiceTokenClient {
  private cached?: { token: string; expiresAt: number };
  private pending?: Promise<string>;

  constructor(private readonly credentials: ServiceCredentials, private readonly fetchFn: typeof fetch = fetch) {}

  async token(): Promise<string> {
    if (this.cached && this.cached.expiresAt - 30_000 > Date.now()) return this.cached.token;
    this.pending ??= this.requestToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Forget the cached token, e.g. after a subgraph answered UNAUTHENTICATED. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async requestToken(): Promise<string> {
    const response = await this.fetchFn(this.credentials.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.credentials.clientId,
        client_secret: this.credentials.clientSecret,
      }),
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) {
      throw new TransientServiceError(`Token endpoint answered ${response.status}`);
    }
    const body = (await response.json()) as { access_token: string; expires_in: number };
    this.cached = { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
    return body.access_token;
  }
}

/** A failure worth retrying: network error, timeout, 5xx, or a token that expired in flight. */
export class TransientServiceError extends Error {
  override name = 'TransientServiceError';
}
