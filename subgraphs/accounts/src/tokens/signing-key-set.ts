import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, createLocalJWKSet, exportJWK, type JWK, type JWTVerifyGetKey } from 'jose';
import { ConfigError, TOKEN_ALGORITHM } from '@retail/common';
import type { SigningKeyConfig } from '../config';

/** A public key as published in the JWKS. */
export interface PublishedJwk extends JWK {
  kid: string;
  alg: typeof TOKEN_ALGORITHM;
  use: 'sig';
}

/**
 * The ES256 key accounts signs with, plus the public keys of retired signing keys. All of them are published
 * in the JWKS, so a key can be rotated without downtime: deploy the new key with the old one listed in
 * JWT_PREVIOUS_PUBLIC_KEY_FILES, and drop the old one once its last tokens have expired.
 */
export class SigningKeySet {
  private verifier?: JWTVerifyGetKey;

  private constructor(
    /** The current private key; tokens are signed with it. */
    readonly signingKey: KeyObject,
    /** The RFC 7638 thumbprint of the current public key, sent as the `kid` header. */
    readonly kid: string,
    private readonly published: readonly PublishedJwk[],
  ) {}

  /**
   * Loads the key files named by config. A missing private key file is generated (mode 0600) when
   * `generateIfMissing` is set, and is a configuration error otherwise.
   */
  static async load(config: SigningKeyConfig): Promise<SigningKeySet> {
    const currentPem = await readOrCreatePrivateKey(config);
    const previousPems = await Promise.all(
      config.previousPublicKeyFiles.map((file) => readKeyFile(file, 'JWT_PREVIOUS_PUBLIC_KEY_FILES')),
    );
    return SigningKeySet.fromPem(currentPem, previousPems, `JWT_PRIVATE_KEY_FILE (${config.privateKeyFile})`);
  }

  /** Builds a key set from PEM text: a PKCS8 private key and any number of retired public (or private) keys. */
  static async fromPem(currentPem: string, previousPems: readonly string[] = [], source = 'signing key'): Promise<SigningKeySet> {
    const signingKey = parseKey(() => createPrivateKey(currentPem), source);
    const current = await publishedJwk(createPublicKey(signingKey));
    const published = [current];
    for (const pem of previousPems) {
      const jwk = await publishedJwk(parseKey(() => createPublicKey(pem), 'JWT_PREVIOUS_PUBLIC_KEY_FILES'));
      if (!published.some((key) => key.kid === jwk.kid)) published.push(jwk);
    }
    return new SigningKeySet(signingKey, current.kid, published);
  }

  /** The JSON Web Key Set served at `/.well-known/jwks.json`. */
  jwks(): { keys: PublishedJwk[] } {
    return { keys: this.published.map((key) => ({ ...key })) };
  }

  /** A key resolver for `AccessTokenVerifier`, so accounts verifies tokens without fetching its own JWKS. */
  verificationKeys(): JWTVerifyGetKey {
    this.verifier ??= createLocalJWKSet(this.jwks());
    return this.verifier;
  }
}

/** A new ES256 (P-256) private key as PKCS8 PEM. */
export function generateSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

async function readOrCreatePrivateKey(config: SigningKeyConfig): Promise<string> {
  const file = config.privateKeyFile;
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw keyFileError('JWT_PRIVATE_KEY_FILE', file, error);
    if (!config.generateIfMissing) {
      throw new ConfigError([`JWT_PRIVATE_KEY_FILE: ${file} does not exist (keys are only generated outside production)`]);
    }
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const pem = generateSigningKeyPem();
  try {
    await writeFile(file, pem, { mode: 0o600, flag: 'wx' });
    return pem;
  } catch (error) {
    // Another process started at the same moment and wrote its key first: use that one.
    if (isErrno(error, 'EEXIST')) return readFile(file, 'utf8');
    throw keyFileError('JWT_PRIVATE_KEY_FILE', file, error);
  }
}

async function readKeyFile(file: string, variable: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw keyFileError(variable, file, error);
  }
}

function parseKey(parse: () => KeyObject, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = parse();
  } catch {
    throw new ConfigError([`${source}: not a PEM key`]);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new ConfigError([`${source}: must be an EC P-256 key (${TOKEN_ALGORITHM})`]);
  }
  return key;
}

async function publishedJwk(publicKey: KeyObject): Promise<PublishedJwk> {
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return { ...jwk, kid, alg: TOKEN_ALGORITHM, use: 'sig' };
}

function keyFileError(variable: string, file: string, error: unknown): ConfigError {
  return new ConfigError([`${variable}: cannot read ${file} (${(error as Error).message})`]);
}

function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}
