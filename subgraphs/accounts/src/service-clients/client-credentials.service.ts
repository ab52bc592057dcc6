import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_AUDIENCE_PREFIX, SUBGRAPH_NAMES, serviceAudience, type SubgraphName } from '@retail/common';
import { ACCOUNTS_CONFIG, type AccountsConfig } from '../config';
import { TokenSigner } from '../tokens/token-signer.service';
import { OAuthError } from './oauth-error';
import { findServiceClient } from './service-client.registry';

/** A token request after transport parsing: which client authenticated how, and what it asks for. */
export interface ClientCredentialsRequest {
  grantType?: string;
  clientId?: string;
  clientSecret?: string;
  /** Space-separated scopes; all of the client's scopes when absent. */
  scope?: string;
  /** The subgraph the token is for (`audience`, or RFC 8707 `resource`): its name or its audience. */
  audience?: string;
}

/** The RFC 6749 §5.1 success response. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

@Injectable()
export class ClientCredentialsService {
  constructor(
    @Inject(ACCOUNTS_CONFIG) private readonly config: AccountsConfig,
    private readonly tokens: TokenSigner,
  ) {}

  /**
   * The OAuth2 client-credentials grant for registered service clients. Throws OAuthError: invalid_client
   * for unknown clients or wrong secrets, unsupported_grant_type, invalid_scope for scopes beyond the
   * client's registration, invalid_target for a missing audience or one the client may not call. The token's
   * `aud` is the subgraph's service audience (`retail-<subgraph>`), so it is good for that subgraph only.
   */
  async issueToken(request: ClientCredentialsRequest): Promise<TokenResponse> {
    if (!request.grantType) throw new OAuthError('invalid_request', 'grant_type is required');
    if (!request.clientId || request.clientSecret === undefined) {
      throw new OAuthError('invalid_client', 'Client authentication is required');
    }
    const client = this.authenticate(request.clientId, request.clientSecret);
    if (request.grantType !== 'client_credentials') {
      throw new OAuthError('unsupported_grant_type', 'Only the client_credentials grant is supported');
    }
    const audience = grantedAudience(request.audience, client.audiences);
    const scopes = grantedScopes(request.scope, client.scopes);
    const { token, expiresIn } = await this.tokens.signServiceToken(client.clientId, scopes, serviceAudience(audience));
    return { access_token: token, token_type: 'Bearer', expires_in: expiresIn, scope: scopes.join(' ') };
  }

  private authenticate(clientId: string, secret: string) {
    const client = findServiceClient(clientId);
    const expected = client ? this.config.serviceClientSecrets[client.clientId] : undefined;
    // Compared even for unknown clients, so the answer takes as long either way.
    const matches = secretsEqual(secret, expected ?? '');
    if (!client || expected === undefined || !matches) throw new OAuthError('invalid_client', 'Client authentication failed');
    return client;
  }
}

/** Constant-time comparison; hashing first makes the inputs equally long. */
function secretsEqual(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected)) && expected.length > 0;
}

function grantedAudience(requested: string | undefined, allowed: readonly SubgraphName[]): SubgraphName {
  if (requested === undefined) throw new OAuthError('invalid_target', 'audience is required: the subgraph to call');
  const name = requested.startsWith(SERVICE_AUDIENCE_PREFIX) ? requested.slice(SERVICE_AUDIENCE_PREFIX.length) : requested;
  const subgraph = SUBGRAPH_NAMES.find((candidate) => candidate === name);
  if (!subgraph) throw new OAuthError('invalid_target', `Unknown audience: ${requested}`);
  if (!allowed.includes(subgraph)) throw new OAuthError('invalid_target', `Audience not allowed for this client: ${requested}`);
  return subgraph;
}

function grantedScopes(requested: string | undefined, allowed: readonly string[]): string[] {
  if (requested === undefined) return [...allowed];
  const scopes = [...new Set(requested.split(' ').filter(Boolean))];
  if (scopes.length === 0) throw new OAuthError('invalid_scope', 'scope must name at least one scope');
  const unknown = scopes.filter((scope) => !allowed.includes(scope));
  if (unknown.length > 0) throw new OAuthError('invalid_scope', `Scope not allowed for this client: ${unknown.join(' ')}`);
  return scopes;
}
