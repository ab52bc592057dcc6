import { Logger } from '@nestjs/common';
import { ConfigError, postgresAdapter, startTelemetry } from '@retail/common';
import { loadAccountsConfig, type AccountsConfig } from './config';
import { PasswordHasher } from './auth/password-hasher';
import { normalizeEmail, passwordProblem } from './auth/credentials-policy';
import { PrismaClient } from './generated/prisma/client';

export interface SeedResult {
  userId: string;
  email: string;
  /** False when the administrator already existed (its password is left as it is). */
  created: boolean;
}

/**
 * Makes sure the administrator of `config.admin` exists with role ADMIN. Idempotent: an existing account
 * keeps its password and name, only its role is (re)set to ADMIN.
 */
export async function seedAccounts(config: AccountsConfig): Promise<SeedResult> {
  const email = normalizeEmail(config.admin.email);
  if (!email) throw new ConfigError([`ADMIN_EMAIL: "${config.admin.email}" is not a valid email address`]);
  const problem = passwordProblem(config.admin.password);
  if (problem) throw new ConfigError([`ADMIN_PASSWORD: ${problem}`]);

  const prisma = new PrismaClient({ adapter: postgresAdapter(config.databaseUrl, 2) });
  try {
    const existing = await prisma.user.findUnique({ where: { email }, select: { id: true, role: true } });
    if (existing) {
      if (existing.role !== 'ADMIN') await prisma.user.update({ where: { id: existing.id }, data: { role: 'ADMIN' } });
      return { userId: existing.id, email, created: false };
    }
    const passwordHash = await new PasswordHasher(config.argon2).hash(config.admin.password);
    // Upsert rather than create: a concurrent seed run may have created the account meanwhile.
    const user = await prisma.user.upsert({
      where: { email },
      create: { email, name: 'Administrator', passwordHash, role: 'ADMIN' },
      update: { role: 'ADMIN' },
      select: { id: true },
    });
    return { userId: user.id, email, created: true };
  } finally {
    await prisma.$disconnect();
  }
}

if (require.main === module) {
  // The one-shot seed logs like the service (JSON in production, no colours off a terminal); it needs no traces.
  startTelemetry('accounts');
  const logger = new Logger('seed');
  seedAccounts(loadAccountsConfig())
    .then(({ email, created }) => logger.log(created ? `Created administrator ${email}` : `Administrator ${email} already exists`))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
