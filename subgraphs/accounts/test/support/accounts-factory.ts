import { randomUUID } from 'node:crypto';
import type { AccountsTestApp } from './accounts-test-app';
import { REGISTER } from './accounts-operations';

export interface RegisteredUser {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

/** A customer registered through the API, with a unique email. */
export async function aRegisteredUser(accounts: AccountsTestApp, name = 'Ada Lovelace'): Promise<RegisteredUser> {
  const email = `user-${randomUUID().slice(0, 8)}@example.com`;
  const password = 'analytical7engine';
  const response = await accounts.send(REGISTER, { email, password, name });
  if (response.errors) throw new Error(`register failed: ${JSON.stringify(response.errors)}`);
  const { accessToken, refreshToken, user } = response.data!.register;
  return { id: user.id, email, password, accessToken, refreshToken };
}

/** The number of rows in each accounts table: "nothing written" assertions compare these. */
export async function rowCounts(accounts: AccountsTestApp): Promise<{ users: number; refreshTokens: number }> {
  const [users, refreshTokens] = await Promise.all([accounts.prisma.user.count(), accounts.prisma.refreshToken.count()]);
  return { users, refreshTokens };
}
