import type { EnvReader } from './env-reader';
import { readServiceUrl, type SubgraphName } from './topology';
import { TOKEN_AUDIENCE_DEFAULT, TOKEN_ISSUER_DEFAULT, serviceAudience } from '../auth/principal';
import type { AccessTokenVerifierOptions } from '../auth/access-token-verifier';

/**
 * How a service verifies access tokens: the accounts JWKS, issuer and user audience; for a subgraph, also
 * the audience its callers' service tokens must have.
 */
export function readTokenVerification(env: EnvReader, subgraph?: SubgraphName): AccessTokenVerifierOptions {
  const accountsUrl = readServiceUrl(env, 'accounts');
  return {
    jwksUrl: env.url('JWKS_URL', `${accountsUrl}/.well-known/jwks.json`, ['http', 'https']),
    issuer: env.string('JWT_ISSUER', TOKEN_ISSUER_DEFAULT),
    audience: env.string('JWT_AUDIENCE', TOKEN_AUDIENCE_DEFAULT),
    ...(subgraph ? { serviceAudience: serviceAudience(subgraph) } : {}),
  };
}

/** A subgraph's config with the service audience of `subgraph` set, for configs read without it. */
export function withServiceAudience<T extends { tokens: AccessTokenVerifierOptions }>(config: T, subgraph: SubgraphName): T {
  return { ...config, tokens: { ...config.tokens, serviceAudience: serviceAudience(subgraph) } };
}

export interface ServiceCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

/**
 * The OAuth2 client credentials a service uses to call other subgraphs. Development defaults exist so
 * `npm start` works out of the box; production refuses to start with them.
 */
export function readServiceCredentials(env: EnvReader, clientId: string): ServiceCredentials {
  const accountsUrl = readServiceUrl(env, 'accounts');
  const secretVariable = `${clientId.toUpperCase().replace(/-/g, '_')}_CLIENT_SECRET`;
  const production = env.optionalString('NODE_ENV') === 'production';
  // In production there is no default: a missing secret is reported with the other bad variables.
  const clientSecret = env.string(secretVariable, production ? undefined : developmentClientSecret(clientId));
  if (production && clientSecret === developmentClientSecret(clientId)) {
    env.reject(secretVariable, 'must not be the development secret in production');
  }
  return { tokenUrl: `${accountsUrl}/oauth/token`, clientId, clientSecret };
}

/** The well-known secret of a service client in development and tests. Never valid in production. */
export function developmentClientSecret(clientId: string): string {
  return `dev-secret-${clientId}`;
}
