import { createPublicKey, type KeyObject } from 'node:crypto';
import { SignJWT, generateKeyPair, type JWTVerifyGetKey, type KeyLike } from 'jose';
import { AccessTokenVerifier, VERIFIED_TOKEN_TTL_MS } from './access-token-verifier';
import { TOKEN_ALGORITHM, TOKEN_AUDIENCE_DEFAULT, TOKEN_ISSUER_DEFAULT } from './principal';

describe(AccessTokenVerifier.name, () => {
  let signingKey: KeyLike;
  let otherKey: KeyLike;
  let verifier: AccessTokenVerifier;
  /** Every signature check asks for the key: the number of calls is the number of checks. */
  let keyLookups: number;

  const userToken = (key: KeyLike, expiresInSeconds = 900) =>
    new SignJWT({ role: 'CUSTOMER' })
      .setProtectedHeader({ alg: TOKEN_ALGORITHM })
      .setSubject('user-1')
      .setIssuer(TOKEN_ISSUER_DEFAULT)
      .setAudience(TOKEN_AUDIENCE_DEFAULT)
      .setIssuedAt()
      .setExpirationTime(`${expiresInSeconds}s`)
      .sign(key);

  beforeAll(async () => {
    ({ privateKey: signingKey } = await generateKeyPair(TOKEN_ALGORITHM));
    ({ privateKey: otherKey } = await generateKeyPair(TOKEN_ALGORITHM));
  });

  beforeEach(async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    keyLookups = 0;
  });

  afterEach(() => jest.useRealTimers());

  function verifierFor(privateKey: KeyLike): AccessTokenVerifier {
    // The public half of an ES256 private key, as the JWKS would publish it.
    const publicKey = createPublicKey(privateKey as KeyObject);
    const keys: JWTVerifyGetKey = async () => {
      keyLookups += 1;
      return publicKey;
    };
    return new AccessTokenVerifier({ jwksUrl: 'http://127.0.0.1:1/jwks', issuer: TOKEN_ISSUER_DEFAULT, audience: TOKEN_AUDIENCE_DEFAULT }, keys);
  }

  beforeEach(() => {
    verifier = verifierFor(signingKey);
  });

  it('checks the signature of a token it has just verified only once', async () => {
    const token = await userToken(signingKey);
    for (let i = 0; i < 3; i += 1) await expect(verifier.verify(token)).resolves.toEqual({ kind: 'user', userId: 'user-1', role: 'CUSTOMER' });
    expect(keyLookups).toBe(1);
  });

  it('checks it again once it has been remembered for VERIFIED_TOKEN_TTL_MS', async () => {
    const token = await userToken(signingKey);
    await verifier.verify(token);
    jest.advanceTimersByTime(VERIFIED_TOKEN_TTL_MS + 1);
    await verifier.verify(token);
    expect(keyLookups).toBe(2);
  });

  it('never accepts a remembered token after it expired', async () => {
    const token = await userToken(signingKey, 10);
    await verifier.verify(token);
    jest.advanceTimersByTime(20_000);
    await expect(verifier.verify(token)).rejects.toThrow('Access token expired');
  });

  it('refuses a token with the same claims signed by another key, after verifying the genuine one', async () => {
    await verifier.verify(await userToken(signingKey));
    await expect(verifier.verify(await userToken(otherKey))).rejects.toThrow('Invalid access token');
  });

  it('does not take a remembered user token for a service token of another audience', async () => {
    const token = await userToken(signingKey);
    await verifier.verify(token);
    await expect(verifier.verifyService(token, 'catalog')).rejects.toThrow('Invalid access token');
  });
});
