import { ConfigError, postgresAdapter } from '@retail/common';
import { createTestDatabase, type TestDatabase } from '@test/databases';
import { PasswordHasher } from '../src/auth/password-hasher';
import { loadAccountsConfig, type AccountsConfig } from '../src/config';
import { PrismaClient } from '../src/generated/prisma/client';
import { seedAccounts } from '../src/seed';

describe(seedAccounts.name, () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let config: AccountsConfig;

  beforeAll(async () => {
    database = await createTestDatabase('accounts');
    prisma = new PrismaClient({ adapter: postgresAdapter(database.url, 2) });
    config = loadAccountsConfig({
      ACCOUNTS_DATABASE_URL: database.url,
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_TIME_COST: '1',
      ADMIN_EMAIL: ' Root@Example.com ',
      ADMIN_PASSWORD: 'root7password',
    });
  });

  afterEach(async () => {
    await prisma.user.deleteMany();
  });

  afterAll(async () => {
    await prisma.$disconnect();
    await database.drop();
  });

  it('creates the administrator with role ADMIN and the configured password', async () => {
    const result = await seedAccounts(config);

    const admin = await prisma.user.findUniqueOrThrow({ where: { email: 'root@example.com' } });
    expect(result).toEqual({ userId: admin.id, email: 'root@example.com', created: true });
    expect(admin.role).toBe('ADMIN');
    expect(await new PasswordHasher(config.argon2).verify(admin.passwordHash, 'root7password')).toBe(true);
  });

  it('is idempotent and keeps the password of an existing administrator', async () => {
    const first = await seedAccounts(config);
    const before = await prisma.user.findUniqueOrThrow({ where: { id: first.userId } });

    const second = await seedAccounts({ ...config, admin: { ...config.admin, password: 'other7password' } });

    expect(second).toEqual({ userId: first.userId, email: 'root@example.com', created: false });
    expect(await prisma.user.count()).toBe(1);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: first.userId } })).passwordHash).toBe(before.passwordHash);
  });

  it('promotes an existing customer with the administrator email', async () => {
    await prisma.user.create({ data: { email: 'root@example.com', name: 'Root', passwordHash: 'x', role: 'CUSTOMER' } });
    await seedAccounts(config);
    expect((await prisma.user.findUniqueOrThrow({ where: { email: 'root@example.com' } })).role).toBe('ADMIN');
  });

  it('refuses an invalid administrator email, writing nothing', async () => {
    await expect(seedAccounts({ ...config, admin: { ...config.admin, email: 'root' } })).rejects.toThrow(ConfigError);
    expect(await prisma.user.count()).toBe(0);
  });
});
