import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@retail/common';
import { generateSigningKeyPem, SigningKeySet } from './signing-key-set';

describe(SigningKeySet.name, () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'accounts-keys-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('generates a private key file readable only by its owner when it is missing outside production', async () => {
    const privateKeyFile = join(dir, 'nested', 'signing-key.pem');
    const keys = await SigningKeySet.load({ privateKeyFile, previousPublicKeyFiles: [], generateIfMissing: true });

    expect((await stat(privateKeyFile)).mode & 0o777).toBe(0o600);
    expect(createPrivateKey(await readFile(privateKeyFile, 'utf8')).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(keys.jwks().keys).toHaveLength(1);
  });

  it('keeps using an existing key file across restarts', async () => {
    const privateKeyFile = join(dir, 'signing-key.pem');
    const options = { privateKeyFile, previousPublicKeyFiles: [], generateIfMissing: true };
    const first = await SigningKeySet.load(options);
    const second = await SigningKeySet.load(options);
    expect(second.kid).toBe(first.kid);
  });

  it('refuses to start without a key file when generation is off (production)', async () => {
    const privateKeyFile = join(dir, 'missing.pem');
    await expect(
      SigningKeySet.load({ privateKeyFile, previousPublicKeyFiles: [], generateIfMissing: false }),
    ).rejects.toThrow(ConfigError);
  });

  it('rejects keys that are not EC P-256', async () => {
    const privateKeyFile = join(dir, 'rsa.pem');
    const { generateKeyPairSync } = await import('node:crypto');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    await writeFile(privateKeyFile, rsa);
    await expect(
      SigningKeySet.load({ privateKeyFile, previousPublicKeyFiles: [], generateIfMissing: true }),
    ).rejects.toThrow(/P-256/);
  });

  it('uses the RFC 7638 thumbprint of the public key as kid', async () => {
    const pem = generateSigningKeyPem();
    const keys = await SigningKeySet.fromPem(pem);
    const jwk = createPublicKey(pem).export({ format: 'jwk' }) as { crv: string; kty: string; x: string; y: string };
    const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
    const thumbprint = createHash('sha256').update(canonical).digest('base64url');

    expect(keys.kid).toBe(thumbprint);
    expect(keys.jwks()).toEqual({
      keys: [{ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid: thumbprint, alg: 'ES256', use: 'sig' }],
    });
  });

  it('publishes previous public keys after the current one, so rotated-out tokens still verify', async () => {
    const current = generateSigningKeyPem();
    const previous = generateSigningKeyPem();
    const previousPublicFile = join(dir, 'previous.pub.pem');
    await writeFile(previousPublicFile, createPublicKey(previous).export({ type: 'spki', format: 'pem' }));
    const currentFile = join(dir, 'current.pem');
    await writeFile(currentFile, current);

    const keys = await SigningKeySet.load({
      privateKeyFile: currentFile,
      previousPublicKeyFiles: [previousPublicFile, currentFile],
      generateIfMissing: false,
    });

    const previousKid = (await SigningKeySet.fromPem(previous)).kid;
    expect(keys.jwks().keys.map((key) => key.kid)).toEqual([keys.kid, previousKid]);
    expect(keys.jwks().keys.every((key) => !('d' in key))).toBe(true);
  });
});
