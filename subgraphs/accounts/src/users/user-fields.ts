import type { Prisma } from '../generated/prisma/client';

/** The columns a `User` object is made of; never the password hash. */
export const USER_FIELDS = {
  id: true,
  email: true,
  name: true,
  role: true,
  createdAt: true,
} as const satisfies Prisma.UserSelect;
