import { createPublicKey } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessTokenVerifier, InvalidTokenError } from '@retail/common';
import { generateSigningKeyPem } from '../src/tokens/signing-key-set';
import { aRegisteredUser } from './support/accounts-factory';
import { startAccountsTestApp, type AccountsTestApp } from './support/accounts-test-app';

describe('signing key rotation', () => {
  let keyDir: string;
  const started: AccountsTestApp[] = [];

  /** An accounts instance signing with `keyFile`, publishing `previous` keys too. */
  async function accountsWith(keyFile: string, previous: string[] = []): Promise<AccountsTestApp> {
    const app = await startAccountsTestApp({ JWT_PRIVATE_KEY_FILE: keyFile, JWT_PREVIOUS_PUBLIC_KEY_FILES: previous.join(',') });
    started.push(app);
    return app;
  }

  /** A verifier as every other service builds one: from the accounts JWKS over HTTP. */
  const verifierOf = (accounts: AccountsTestApp) =>
    new AccessTokenVerifier({ ...accounts.config.tokens, jwksUrl: `${accounts.baseUrl}/.well-known/jwks.json` });

  beforeAll(async () => {
    keyDir = await mkdtemp(join(tmpdir(), 'accounts-rotation-'));
  });

  afterAll(async () => {
    for (const app of started) await app.close();
    await rm(keyDir, { recursive: true, force: true });
  });

  it("keeps tokens signed by the previous key valid once the new key is deployed with the old one's public key", async () => {
    const oldKey = join(keyDir, 'old.pem');
    const newKey = join(keyDir, 'new.pem');
    const oldPublic = join(keyDir, 'old.pub.pem');
    await writeFile(oldKey, generateSigningKeyPem(), { mode: 0o600 });
    await writeFile(newKey, generateSigningKeyPem(), { mode: 0o600 });
    await writeFile(oldPublic, createPublicKey(await readFile(oldKey, 'utf8')).export({ type: 'spki', format: 'pem' }));

    const before = await accountsWith(oldKey);
    const oldToken = (await aRegisteredUser(before)).accessToken;
    expect(await verifierOf(before).verify(oldToken)).toMatchObject({ kind: 'user', role: 'CUSTOMER' });

    const rotated = await accountsWith(newKey, [oldPublic]);
    const newToken = (await aRegisteredUser(rotated)).accessToken;
    const verifier = verifierOf(rotated);
    expect(await verifier.verify(oldToken)).toMatchObject({ kind: 'user', role: 'CUSTOMER' });
    expect(await verifier.verify(newToken)).toMatchObject({ kind: 'user', role: 'CUSTOMER' });
    expect(JSON.parse(Buffer.from(newToken.split('.')[0]!, 'base64url').toString()).kid).not.toBe(
      JSON.parse(Buffer.from(oldToken.split('.')[0]!, 'base64url').toString()).kid,
    );

    const retired = await accountsWith(newKey);
    await expect(verifierOf(retired).verify(oldToken)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(await verifierOf(retired).verify(newToken)).toMatchObject({ kind: 'user' });
  });
});
