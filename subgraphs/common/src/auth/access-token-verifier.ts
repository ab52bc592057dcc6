import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { TOKEN_ALGORITHM, type Principal, type ServicePrincipal, type UserRole } from './principal';

export interface AccessTokenVerifierOptions {
  /** The accounts service's JWKS endpoint; keys are fetched on first use and cached. */
  jwksUrl: string;
  issuer: string;
  /** The audience of end users' access tokens. */
  audience: string;
  /**
   * The audience a subgraph requires of the service token every request carries (`serviceAudience(name)`).
   * Unset for processes that take no service calls (the gateway).
   */
  serviceAudience?: string;
}

export class InvalidTokenError extends Error {}

/**
 * Verifies access tokens signed by the accounts service. Every subgraph and the gateway verify tokens
 * themselves: nothing trusts an upstream hop to have done it.
 */
/** Clock skew tolerated on `exp` and `nbf`: a token stays valid this long after its expiry. */
export const TOKEN_CLOCK_TOLERANCE_SECONDS = 5;

/**
 * How long a verified token is remembered (never past its `exp`). Callers send the same token on every request
 * (a service token for minutes, a user's for up to 15), and checking its ES256 signature took about a fifth of
 * a subgraph's CPU per request. Short enough not to matter beside the JWKS, which jose itself caches for 10
 * minutes: a retired key's tokens are refused no later than they were.
 */
export const VERIFIED_TOKEN_TTL_MS = 60_000;
/** Verified tokens remembered at most, oldest dropped first: a bound on memory, whatever the callers send. */
export const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

interface VerifiedToken {
  payload: JWTPayload;
  /** Epoch ms after which the token is verified again (or refused). */
  until: number;
}

export class AccessTokenVerifier {
  private readonly keys: JWTVerifyGetKey;
  /** Keyed by audience and token: only a token identical to one verified, signature included, is a hit. */
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(private readonly options: AccessTokenVerifierOptions, keys?: JWTVerifyGetKey) {
    this.keys = keys ?? createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 5_000 });
  }

  get serviceAudience(): string | undefined {
    return this.options.serviceAudience;
  }

  /** A token with the end users' audience: a user's access token. */
  async verify(token: string): Promise<Principal> {
    return principalFromClaims(await this.verifiedClaims(token, this.options.audience));
  }

  /** A service client's token issued for `audience`; anything else (a user's token included) is refused. */
  async verifyService(token: string, audience: string): Promise<ServicePrincipal> {
    const principal = principalFromClaims(await this.verifiedClaims(token, audience));
    if (principal.kind !== 'service') throw new InvalidTokenError('Invalid service token');
    return principal;
  }

  private async verifiedClaims(token: string, audience: string): Promise<JWTPayload> {
    const key = `${audience} ${token}`;
    const now = Date.now();
    const remembered = this.verified.get(key);
    if (remembered && remembered.until > now) return remembered.payload;
    if (remembered) this.verified.delete(key);
    const payload = await this.verifySignatureAndClaims(token, audience);
    // Expired tokens get a fresh check (and their own message); tokens without `exp` are not remembered.
    const until = Math.min(now + VERIFIED_TOKEN_TTL_MS, (payload.exp ?? 0) * 1000);
    if (until > now) {
      if (this.verified.size >= VERIFIED_TOKEN_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(key, { payload, until });
    }
    return payload;
  }

  private async verifySignatureAndClaims(token: string, audience: string): Promise<JWTPayload> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience,
        algorithms: [TOKEN_ALGORITHM],
        clockTolerance: TOKEN_CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError) throw new InvalidTokenError(tokenErrorMessage(error));
      throw error;
    }
    return payload;
  }
}

function tokenErrorMessage(error: errors.JOSEError): string {
  if (error instanceof errors.JWTExpired) return 'Access token expired';
  return 'Invalid access token';
}

function principalFromClaims(payload: JWTPayload): Principal {
  const subject = payload.sub;
  if (!subject) throw new InvalidTokenError('Invalid access token');
  if (payload.token_use === 'service') {
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
    return { kind: 'service', clientId: subject, scopes };
  }
  const role = payload.role;
  if (role !== 'CUSTOMER' && role !== 'ADMIN') throw new InvalidTokenError('Invalid access token');
  return { kind: 'user', userId: subject, role: role as UserRole };
}

/** The token of an `Authorization: Bearer <token>` header, if there is one. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}
