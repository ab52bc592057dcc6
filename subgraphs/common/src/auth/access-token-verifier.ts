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

export class AccessTokenVerifier {
  private readonly keys: JWTVerifyGetKey;

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
