import { BadUserInputError } from '@retail/common';
import { normalizeEmail, normalizeName, passwordProblem, validateRegistration } from './credentials-policy';

describe('credentials policy', () => {
  describe(normalizeEmail.name, () => {
    it('trims and lower-cases addresses', () => {
      expect(normalizeEmail('  Ada.Lovelace+shop@Example.COM ')).toBe('ada.lovelace+shop@example.com');
    });

    it.each(['', 'plain', 'a@b', '@example.com', 'a@.com', 'a b@example.com', 'a..b@example.com', 'a@exa_mple.com'])(
      'rejects %p',
      (email) => {
        expect(normalizeEmail(email)).toBeNull();
      },
    );

    it('rejects addresses longer than 254 characters and local parts longer than 64', () => {
      const longDomain = `${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(63)}.${'g'.repeat(63)}.com`;
      expect(normalizeEmail(`a@${longDomain}`)).toBeNull();
      expect(normalizeEmail(`${'a'.repeat(65)}@example.com`)).toBeNull();
      expect(normalizeEmail(`${'a'.repeat(64)}@example.com`)).toBe(`${'a'.repeat(64)}@example.com`);
    });
  });

  describe(passwordProblem.name, () => {
    it('accepts 8 to 128 characters with a letter and a digit', () => {
      expect(passwordProblem('correct7horse')).toBeNull();
      expect(passwordProblem('abcdefg1')).toBeNull();
      expect(passwordProblem(`${'a'.repeat(127)}1`)).toBeNull();
    });

    it.each([
      ['abc123', 'at least 8'],
      [`${'a'.repeat(128)}1`, 'at most 128'],
      ['onlyletters', 'one letter and one digit'],
      ['1234567890', 'one letter and one digit'],
      ['Password123', 'too common'],
      ['qwerty123', 'too common'],
    ])('rejects %p (%s)', (password, reason) => {
      expect(passwordProblem(password)).toContain(reason);
    });

    it('counts characters, not UTF-16 units', () => {
      expect(passwordProblem('😀😀😀😀😀😀a1')).toBeNull();
      expect(passwordProblem('😀😀a1')).toContain('at least 8');
    });
  });

  describe(normalizeName.name, () => {
    it('trims names and accepts 1 to 100 characters', () => {
      expect(normalizeName('  Ada Lovelace ')).toBe('Ada Lovelace');
      expect(normalizeName('x'.repeat(100))).toHaveLength(100);
    });

    it('rejects blank, too long and control-character names', () => {
      expect(normalizeName('   ')).toBeNull();
      expect(normalizeName('x'.repeat(101))).toBeNull();
      expect(normalizeName('Ada\u0000')).toBeNull();
    });
  });

  describe(validateRegistration.name, () => {
    it('returns the normalized registration', () => {
      expect(validateRegistration({ email: ' ADA@example.com', password: 'analytical1', name: ' Ada ' })).toEqual({
        email: 'ada@example.com',
        password: 'analytical1',
        name: 'Ada',
      });
    });

    it('names the bad field in a BAD_USER_INPUT error', () => {
      const attempt = () => validateRegistration({ email: 'ada@example.com', password: 'short1', name: 'Ada' });
      expect(attempt).toThrow(BadUserInputError);
      try {
        attempt();
      } catch (error) {
        expect((error as BadUserInputError).extensions).toEqual(
          expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'password' }),
        );
      }
    });
  });
});
