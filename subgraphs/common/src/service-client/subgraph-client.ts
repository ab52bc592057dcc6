import type { GraphQLFormattedError } from 'graphql';
import type { SubgraphName } from '../config/topology';
import { serviceHttp, type ServiceHttpResponse } from './pooled-http-client';
import { ServiceTokenClient, TransientServiceError } from './service-token-client';

/** A GraphQL error answered by another subgraph (bad input, not found, forbidden, ...). Not retried. */
export class SubgraphRequestError extends Error {
  override name = 'SubgraphRequestError';
  constructor(readonly errors: readonly GraphQLFormattedError[]) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code as string | undefined;
  }
}

/**
 * Calls another subgraph directly (not through the gateway) with this service's client-credentials token for
 * that subgraph's audience, over the process's pooled keep-alive client (`serviceHttp`), which trusts the system
 * CAs plus `TLS_CA_FILE` for https URLs.
 * Network failures, timeouts and 5xx become TransientServiceError so callers (queue jobs) can retry them.
 */
export class SubgraphClient {
  constructor(
    private readonly url: string,
    private readonly audience: SubgraphName,
    private readonly tokens: ServiceTokenClient,
    private readonly timeoutMs = 10_000,
  ) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let response: ServiceHttpResponse;
    try {
      response = await serviceHttp().fetcher(`${this.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await this.tokens.token(this.audience)}`,
        },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new TransientServiceError(`${this.url} unreachable: ${(error as Error).message}`);
    }
    if (response.status >= 500 && !response.headers.get('content-type')?.includes('json')) {
      throw new TransientServiceError(`${this.url} answered ${response.status}`);
    }
    if (response.status === 401) {
      this.tokens.invalidate(this.audience);
      throw new TransientServiceError(`${this.url} rejected the service token`);
    }
    const body = (await response.json()) as { data?: T; errors?: GraphQLFormattedError[] };
    if (body.errors?.length) {
      const codes = body.errors.map((e) => e.extensions?.code);
      if (codes.includes('UNAUTHENTICATED')) {
        this.tokens.invalidate(this.audience);
        throw new TransientServiceError(`${this.url} rejected the service token`);
      }
      if (codes.includes('INTERNAL_SERVER_ERROR') || codes.includes('SERVICE_UNAVAILABLE') || response.status >= 500) {
        throw new TransientServiceError(`${this.url} failed: ${body.errors[0]?.message}`);
      }
      throw new SubgraphRequestError(body.errors);
    }
    return body.data as T;
  }
}
