import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SignJWT, type JWTPayload } from 'jose';
import { TOKEN_ALGORITHM, type UserRole } from '@retail/common';
import { ACCOUNTS_CONFIG, type AccountsConfig } from '../config';
import { SigningKeySet } from './signing-key-set';

export interface SignedToken {
  token: string;
  /** Lifetime in seconds, as reported to clients (`expiresIn`, `expires_in`). */
  expiresIn: number;
}

/**
 * Signs the access tokens every service verifies with `AccessTokenVerifier`: user tokens (`sub` = user id,
 * `role`) and service tokens (`sub` = client id, `token_use: 'service'`, `scope`).
 */
@Injectable()
export class TokenSigner {
  constructor(
    @Inject(ACCOUNTS_CONFIG) private readonly config: AccountsConfig,
    private readonly keys: SigningKeySet,
  ) {}

  /** An access token for a signed-in user; use after register, login and refresh. */
  signUserToken(user: { id: string; role: UserRole }): Promise<SignedToken> {
    return this.sign({ role: user.role }, user.id, this.config.accessTokenTtlSeconds);
  }

  /** An OAuth2 client-credentials access token for a registered service client, good for `audience` only. */
  signServiceToken(clientId: string, scopes: readonly string[], audience: string): Promise<SignedToken> {
    return this.sign(
      { token_use: 'service', scope: scopes.join(' '), client_id: clientId },
      clientId,
      this.config.serviceTokenTtlSeconds,
      audience,
    );
  }

  private async sign(
    claims: JWTPayload,
    subject: string,
    ttlSeconds: number,
    audience = this.config.tokens.audience,
  ): Promise<SignedToken> {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: this.keys.kid, typ: 'JWT' })
      .setSubject(subject)
      .setIssuer(this.config.tokens.issuer)
      .setAudience(audience)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + ttlSeconds)
      .setJti(randomUUID())
      .sign(this.keys.signingKey);
    return { token, expiresIn: ttlSeconds };
  }
}
