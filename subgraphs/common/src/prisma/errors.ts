import { PrismaClientKnownRequestError } from '@prisma/client/runtime/client';

/**
 * True for a unique-constraint violation (Prisma's P2002): how services detect a duplicate (email, SKU, slug,
 * idempotency key) that a concurrent request inserted first. Every generated client throws this runtime class.
 */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof PrismaClientKnownRequestError && error.code === 'P2002';
}
