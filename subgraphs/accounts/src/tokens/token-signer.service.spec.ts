import { decodeJwt, decodeProtectedHeader } from 'jose';
import { AccessTokenVerifier, InvalidTokenError, TOKEN_AUDIENCE_DEFAULT, TOKEN_ISSUER_DEFAULT } from '@retail/common';
import { loadAccountsConfig, type AccountsConfig } from '../config';
import { generateSigningKeyPem, SigningKeySet } from './signing-key-set';
import { TokenSigner } from './token-signer.service';

describe(TokenSigner.name, () => {
  let config: AccountsConfig;
  let keys: SigningKeySet;
  let signer: TokenSigner;
  let verifier: AccessTokenVerifier;

  beforeAll(async () => {
    config = loadAccountsConfig({});
    keys = await SigningKeySet.fromPem(generateSigningKeyPem());
    signer = new TokenSigner(config, keys);
    verifier = new AccessTokenVerifier(config.tokens, keys.verificationKeys());
  });

  it('signs user tokens that AccessTokenVerifier turns back into the user principal', async () => {
    const { token, expiresIn } = await signer.signUserToken({ id: '0b8a4c6e-4f5e-4c7a-9a55-3f1c7b1f2a10', role: 'ADMIN' });

    expect(expiresIn).toBe(900);
    await expect(verifier.verify(token)).resolves.toEqual({
      kind: 'user',
      userId: '0b8a4c6e-4f5e-4c7a-9a55-3f1c7b1f2a10',
      role: 'ADMIN',
    });
  });

  it('puts kid in the header and sub, role, iss, aud, iat, nbf, exp and jti in the claims', async () => {
    const { token } = await signer.signUserToken({ id: 'user-1', role: 'CUSTOMER' });
    const claims = decodeJwt(token);

    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: keys.kid, typ: 'JWT' });
    expect(claims).toEqual({
      sub: 'user-1',
      role: 'CUSTOMER',
      iss: TOKEN_ISSUER_DEFAULT,
      aud: TOKEN_AUDIENCE_DEFAULT,
      iat: expect.any(Number),
      nbf: claims.iat,
      exp: (claims.iat as number) + 900,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(Math.abs((claims.iat as number) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('gives every token its own jti', async () => {
    const [a, b] = await Promise.all([1, 2].map(() => signer.signUserToken({ id: 'user-1', role: 'CUSTOMER' })));
    expect(decodeJwt(a!.token).jti).not.toBe(decodeJwt(b!.token).jti);
  });

  it('signs service tokens for one audience that verify as the service principal with its scopes', async () => {
    const { token, expiresIn } = await signer.signServiceToken('orders', ['catalog:read', 'payments:write'], 'retail-catalog');

    expect(expiresIn).toBe(300);
    expect(decodeJwt(token)).toEqual(
      expect.objectContaining({ sub: 'orders', token_use: 'service', scope: 'catalog:read payments:write', aud: 'retail-catalog' }),
    );
    await expect(verifier.verify(token)).rejects.toThrow('Invalid access token');
    await expect(verifier.verifyService(token, 'retail-catalog')).resolves.toEqual({
      kind: 'service',
      clientId: 'orders',
      scopes: ['catalog:read', 'payments:write'],
    });
  });

  it('uses the configured issuer, audience and lifetimes', async () => {
    const custom = loadAccountsConfig({ JWT_ISSUER: 'https://id.example', JWT_AUDIENCE: 'shop', ACCESS_TOKEN_TTL_SECONDS: '60' });
    const { token } = await new TokenSigner(custom, keys).signUserToken({ id: 'user-1', role: 'CUSTOMER' });

    expect(decodeJwt(token)).toEqual(expect.objectContaining({ iss: 'https://id.example', aud: 'shop' }));
    await expect(verifier.verify(token)).rejects.toThrow(InvalidTokenError);
    await expect(new AccessTokenVerifier(custom.tokens, keys.verificationKeys()).verify(token)).resolves.toEqual(
      expect.objectContaining({ userId: 'user-1' }),
    );
  });

  it('issues tokens that a key set without the signing key rejects', async () => {
    const otherKeys = await SigningKeySet.fromPem(generateSigningKeyPem());
    const { token } = await signer.signUserToken({ id: 'user-1', role: 'CUSTOMER' });
    await expect(new AccessTokenVerifier(config.tokens, otherKeys.verificationKeys()).verify(token)).rejects.toThrow(
      InvalidTokenError,
    );
  });
});
