import { BadUserInputError } from '@retail/common';

export const EMAIL_MAX_LENGTH = 254;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const NAME_MAX_LENGTH = 100;

// Pragmatic address syntax: dot-atom local part, dotted domain of letter/digit/hyphen labels, alphabetic TLD.
const EMAIL_SYNTAX =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Passwords that pass the length and character rules but appear at the top of every breach list. */
const COMMON_PASSWORDS = new Set([
  'password1',
  'password12',
  'password123',
  'password1234',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword1',
  'qwerty123',
  'qwerty1234',
  'qwertyuiop1',
  '1q2w3e4r',
  '1q2w3e4r5t',
  '1qaz2wsx',
  'zaq12wsx',
  'abcd1234',
  'abc12345',
  'abc123456',
  'a1b2c3d4',
  '12345678a',
  '123456789a',
  'a12345678',
  'iloveyou1',
  'iloveyou2',
  'letmein1',
  'letmein123',
  'welcome1',
  'welcome123',
  'admin123',
  'admin1234',
  'trustno1',
  'football1',
  'baseball1',
  'monkey123',
  'dragon123',
  'sunshine1',
  'princess1',
  'superman1',
  'changeme1',
  'test1234',
  'test12345',
]);

/** Trimmed, lower-cased email, or null when it is not a valid address. */
export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  if (email.length > EMAIL_MAX_LENGTH) return null;
  const at = email.lastIndexOf('@');
  if (at > 64) return null;
  return EMAIL_SYNTAX.test(email) ? email : null;
}

/** Why `password` is not acceptable for a new account, or null when it is. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `Password must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `Password must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (!/\p{L}/u.test(password) || !/\p{Nd}/u.test(password)) {
    return 'Password must contain at least one letter and one digit';
  }
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'Password is too common';
  return null;
}

/** Trimmed display name, or null when empty, too long or containing control characters. */
export function normalizeName(raw: string): string | null {
  const name = raw.trim();
  const length = [...name].length;
  if (length < 1 || length > NAME_MAX_LENGTH || /\p{Cc}/u.test(name)) return null;
  return name;
}

export interface Registration {
  email: string;
  password: string;
  name: string;
}

/** The normalized registration, or BAD_USER_INPUT naming the first bad field. */
export function validateRegistration(input: Registration): Registration {
  const email = normalizeEmail(input.email);
  if (!email) throw new BadUserInputError('Email is not a valid address', { field: 'email' });
  const problem = passwordProblem(input.password);
  if (problem) throw new BadUserInputError(problem, { field: 'password' });
  const name = normalizeName(input.name);
  if (!name) {
    throw new BadUserInputError(`Name must be 1 to ${NAME_MAX_LENGTH} characters`, { field: 'name' });
  }
  return { email, password: input.password, name };
}
