import { randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import type { Argon2Params } from '../config';

// `Algorithm.Argon2id` of @node-rs/argon2: an ambient const enum, which isolated-module builds cannot read.
const ARGON2ID = 2 as Algorithm;

/** Hashes and verifies passwords with argon2id. */
export class PasswordHasher {
  private readonly options: Options;
  private dummyHash?: Promise<string>;

  constructor(params: Argon2Params) {
    this.options = { algorithm: ARGON2ID, ...params };
  }

  /** A PHC-format argon2id hash of `password`, with a fresh salt. */
  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  /** True when `password` matches `passwordHash`. Malformed hashes never match. */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /**
   * Spends the time of a real verification and returns false: used when there is no account to check, so
   * unknown emails cannot be told apart from wrong passwords by response time.
   */
  async verifyNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hash(randomBytes(16).toString('hex'));
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
