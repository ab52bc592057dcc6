import type { ServiceCredentials } from '../config/auth-config';
import type { SubgraphName } from '../config/topology';

interface CachedToken {
  token: string;
  expiresAt: number;
}

/**
 * Gets and caches OAuth2 client-credentials access tokens from the accounts service, one per target subgraph
 * (each token's audience is that subgraph), renewing each a little before it expires. One instance per
 * service client.
 */
export class ServiceTokenClient {
  private readonly cached = new Map<SubgraphName, CachedToken>();
  private readonly pending = new Map<SubgraphName, Promise<string>>();

  constructor(private readonly credentials: ServiceCredentials, private readonly fetchFn: typeof fetch = fetch) {}

  /** A valid token for calling `audience`; fetched once and shared by concurrent callers. */
  async token(audience: SubgraphName): Promise<string> {
    const cached = this.cached.get(audience);
    if (cached && cached.expiresAt - 30_000 > Date.now()) return cached.token;
    let pending = this.pending.get(audience);
    if (!pending) {
      pending = this.requestToken(audience).finally(() => this.pending.delete(audience));
      this.pending.set(audience, pending);
    }
    return pending;
  }

  /** Forget the cached token of `audience`, e.g. after that subgraph answered UNAUTHENTICATED. */
  invalidate(audience: SubgraphName): void {
    this.cached.delete(audience);
  }

  private async requestToken(audience: SubgraphName): Promise<string> {
    const response = await this.fetchFn(this.credentials.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.credentials.clientId,
        client_secret: this.credentials.clientSecret,
        audience,
      }),
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) {
      throw new TransientServiceError(`Token endpoint answered ${response.status} for audience ${audience}`);
    }
    const body = (await response.json()) as { access_token: string; expires_in: number };
    this.cached.set(audience, { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 });
    return body.access_token;
  }
}

/** A failure worth retrying: network error, timeout, 5xx, or a token that expired in flight. */
export class TransientServiceError extends Error {
  override name = 'TransientServiceError';
}
