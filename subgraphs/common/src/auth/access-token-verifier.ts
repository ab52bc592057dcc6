import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { TOKEN_ALGORITHM, type Principal, type UserRole } from './principal';

export interface AccessTokenVerifierOptions {
  /** The accounts service's JWKS endpoint; keys are fetched on first use and cached. */
  jwksUrl: string;
  issuer: string;
  audience: string;
}

export class InvalidTokenError extends Error {}

/**
 * Verifies access tokens signed by the accounts service. Every subgraph and the gateway verify tokens
 * themselves: nothing trusts an upstream hop to have done it.
 */
export class AccessTokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: AccessTokenVerifierOptions, keys?: JWTVerifyGetKey) {
    this.keys = keys ?? createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 5_000 });
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: [TOKEN_ALGORITHM],
        clockTolerance: 5,
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError) throw new InvalidTokenError(tokenErrorMessage(error));
      throw error;
    }
    return principalFromClaims(payload);
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
