import { BadUserInputError } from '@retail/common';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** The id in canonical (lower-case) form, or BAD_USER_INPUT naming `field`. */
export function requireUuid(value: string, field: string): string {
  if (!isUuid(value)) throw new BadUserInputError(`${field} must be a UUID`, { field });
  return value.toLowerCase();
}

/** A trimmed, non-empty string of at most `maxLength` characters, or BAD_USER_INPUT naming `field`. */
export function requireText(value: string, field: string, maxLength: number): string {
  const text = value.trim();
  if (text.length === 0) throw new BadUserInputError(`${field} must not be empty`, { field });
  if (text.length > maxLength) {
    throw new BadUserInputError(`${field} must be at most ${maxLength} characters`, { field });
  }
  return text;
}

/** An integer within [min, max], or BAD_USER_INPUT naming `field`. */
export function requireIntInRange(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new BadUserInputError(`${field} must be an integer between ${min} and ${max}`, { field });
  }
  return value;
}
