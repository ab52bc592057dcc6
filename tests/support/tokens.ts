import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import {
  TOKEN_ALGORITHM,
  TOKEN_AUDIENCE_DEFAULT,
  TOKEN_ISSUER_DEFAULT,
  serviceAudience,
  type AccessTokenVerifierOptions,
  type SubgraphName,
  type UserRole,
} from '@retail/common';
import type { GqlOptions } from './graphql-client';

/**
 * A stand-in for the accounts service's token issuing in subgraph integration tests: signs user and service
 * tokens with a fresh ES256 key and serves its JWKS on a loopback port, like accounts does.
 */
export interface TestTokenIssuer {
  /** Token verification as the subgraph under test needs it (its service audience included, if given). */
  verification: AccessTokenVerifierOptions;
  userToken(user: { userId?: string; role?: UserRole }, options?: TokenOptions): Promise<string>;
  /** A client-credentials token for `options.audience`, by default the subgraph the issuer was started for. */
  serviceToken(clientId: string, scopes: string[], options?: ServiceTokenOptions): Promise<string>;
  /**
   * `gql` options for calling the subgraph directly as the gateway does: the gateway's service token as the
   * caller and `token` as the end user's. A service token is sent as the caller itself (a worker's call).
   */
  asGateway(token?: string): Promise<GqlOptions>;
  close(): Promise<void>;
}

export interface TokenOptions {
  expiresInSeconds?: number;
  /** Sign with another key than the one the JWKS publishes (a forged token). */
  signWith?: KeyLike;
}

export interface ServiceTokenOptions extends TokenOptions {
  audience?: SubgraphName;
}

export interface TestTokenIssuerOptions {
  /** The subgraph under test: service tokens default to its audience and `verification` requires it. */
  subgraph?: SubgraphName;
}

export async function startTestTokenIssuer({ subgraph }: TestTokenIssuerOptions = {}): Promise<TestTokenIssuer> {
  const { privateKey, publicKey } = await generateKeyPair(TOKEN_ALGORITHM);
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: TOKEN_ALGORITHM, use: 'sig' };
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const sign = (claims: Record<string, unknown>, subject: string, options: TokenOptions, audience: string) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid })
      .setSubject(subject)
      .setIssuer(TOKEN_ISSUER_DEFAULT)
      .setAudience(audience)
      .setIssuedAt()
      .setNotBefore('0s')
      .setJti(randomUUID())
      .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresInSeconds ?? 300))
      .sign(options.signWith ?? privateKey);

  const serviceToken = (clientId: string, scopes: string[], options: ServiceTokenOptions = {}) => {
    const audience = options.audience ?? subgraph;
    if (!audience) throw new Error('serviceToken needs an audience: start the issuer for a subgraph or pass one');
    return sign({ token_use: 'service', scope: scopes.join(' ') }, clientId, options, serviceAudience(audience));
  };

  return {
    verification: {
      jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      issuer: TOKEN_ISSUER_DEFAULT,
      audience: TOKEN_AUDIENCE_DEFAULT,
      ...(subgraph ? { serviceAudience: serviceAudience(subgraph) } : {}),
    },
    userToken: ({ userId = randomUUID(), role = 'CUSTOMER' }, options = {}) =>
      sign({ role }, userId, options, TOKEN_AUDIENCE_DEFAULT),
    serviceToken,
    asGateway: async (token) => {
      if (token !== undefined && isServiceToken(token)) return { token };
      return { token: await serviceToken('gateway', []), userToken: token };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function isServiceToken(token: string): boolean {
  try {
    return decodeJwt(token).token_use === 'service';
  } catch {
    // Not a JWT at all: sent as a user's token, which the subgraph then refuses.
    return false;
  }
}
