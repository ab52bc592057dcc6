import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import {
  TOKEN_ALGORITHM,
  TOKEN_AUDIENCE_DEFAULT,
  TOKEN_ISSUER_DEFAULT,
  type AccessTokenVerifierOptions,
  type UserRole,
} from '@retail/common';

/**
 * A stand-in for the accounts service's token issuing in subgraph integration tests: signs user and service
 * tokens with a fresh ES256 key and serves its JWKS on a loopback port, like accounts does.
 */
export interface TestTokenIssuer {
  verification: AccessTokenVerifierOptions;
  userToken(user: { userId?: string; role?: UserRole }, options?: TokenOptions): Promise<string>;
  serviceToken(clientId: string, scopes: string[], options?: TokenOptions): Promise<string>;
  close(): Promise<void>;
}

export interface TokenOptions {
  expiresInSeconds?: number;
  /** Sign with another key than the one the JWKS publishes (a forged token). */
  signWith?: KeyLike;
}

export async function startTestTokenIssuer(): Promise<TestTokenIssuer> {
  const { privateKey, publicKey } = await generateKeyPair(TOKEN_ALGORITHM);
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: TOKEN_ALGORITHM, use: 'sig' };
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const sign = (claims: Record<string, unknown>, subject: string, options: TokenOptions = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid })
      .setSubject(subject)
      .setIssuer(TOKEN_ISSUER_DEFAULT)
      .setAudience(TOKEN_AUDIENCE_DEFAULT)
      .setIssuedAt()
      .setNotBefore('0s')
      .setJti(randomUUID())
      .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresInSeconds ?? 300))
      .sign(options.signWith ?? privateKey);

  return {
    verification: {
      jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      issuer: TOKEN_ISSUER_DEFAULT,
      audience: TOKEN_AUDIENCE_DEFAULT,
    },
    userToken: ({ userId = randomUUID(), role = 'CUSTOMER' }, options) => sign({ role }, userId, options),
    serviceToken: (clientId, scopes, options) =>
      sign({ token_use: 'service', scope: scopes.join(' ') }, clientId, options),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
