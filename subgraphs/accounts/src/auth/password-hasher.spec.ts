import { parseOptions } from '@node-rs/argon2';
import { ARGON2_DEFAULTS, loadAccountsConfig } from '../config';
import { PasswordHasher } from './password-hasher';

describe(PasswordHasher.name, () => {
  it('uses the OWASP argon2id parameters unless configured otherwise', () => {
    expect(ARGON2_DEFAULTS).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(loadAccountsConfig({}).argon2).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
  });

  it('produces argon2id hashes carrying the production parameters', async () => {
    const hash = await new PasswordHasher(loadAccountsConfig({}).argon2).hash('correct7horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(parseOptions(hash)).toEqual(expect.objectContaining({ memoryCost: 19456, timeCost: 2, parallelism: 1 }));
  });

  it('takes cheaper parameters from ARGON2_MEMORY_KIB and ARGON2_TIME_COST', async () => {
    const config = loadAccountsConfig({ ARGON2_MEMORY_KIB: '1024', ARGON2_TIME_COST: '1' });
    expect(config.argon2).toEqual({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
    expect(await new PasswordHasher(config.argon2).hash('correct7horse')).toMatch(/\$m=1024,t=1,p=1\$/);
  });

  describe('with cheap parameters', () => {
    const hasher = new PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });

    it('verifies the right password and rejects a wrong one', async () => {
      const hash = await hasher.hash('correct7horse');
      expect(await hasher.verify(hash, 'correct7horse')).toBe(true);
      expect(await hasher.verify(hash, 'correct7horsf')).toBe(false);
    });

    it('salts every hash', async () => {
      expect(await hasher.hash('correct7horse')).not.toBe(await hasher.hash('correct7horse'));
    });

    it('treats a malformed stored hash as a mismatch', async () => {
      expect(await hasher.verify('not-a-hash', 'correct7horse')).toBe(false);
    });

    it('answers false when there is no account to verify against', async () => {
      expect(await hasher.verifyNothing('correct7horse')).toBe(false);
    });
  });
});
