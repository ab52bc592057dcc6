import { errorCodes } from '@test/graphql-client';
import { AuthService } from '../src/auth/auth.service';
import { hashRefreshToken } from '../src/auth/refresh-token';
import { aRegisteredUser, rowCounts } from './support/accounts-factory';
import { LOGIN, LOGOUT, ME, REFRESH_SESSION, REGISTER } from './support/accounts-operations';
import { startAccountsTestApp, type AccountsTestApp } from './support/accounts-test-app';

describe(AuthService.name, () => {
  let accounts: AccountsTestApp;

  beforeAll(async () => {
    accounts = await startAccountsTestApp();
  });

  afterEach(async () => {
    await accounts.reset();
  });

  afterAll(async () => {
    await accounts.close();
  });

  it('registers, signs in, renews and ends a session', async () => {
    const registered = await accounts.send(REGISTER, {
      email: '  Ada@Example.com ',
      password: 'analytical7engine',
      name: ' Ada Lovelace ',
    });
    expect(registered.errors).toBeUndefined();
    expect(registered.data!.register.user).toEqual({
      id: expect.any(String),
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      role: 'CUSTOMER',
    });

    const login = await accounts.send(LOGIN, { email: 'ADA@example.com', password: 'analytical7engine' });
    expect(login.errors).toBeUndefined();
    const { accessToken, refreshToken, user } = login.data!.login;
    expect(user).toEqual({ id: registered.data!.register.user.id, email: 'ada@example.com', role: 'CUSTOMER' });

    const me = await accounts.send(ME, {}, accessToken);
    expect(me.data).toEqual({ me: { ...registered.data!.register.user } });

    const refreshed = await accounts.send(REFRESH_SESSION, { refreshToken });
    expect(refreshed.errors).toBeUndefined();
    const next = refreshed.data!.refreshSession;
    expect(next.refreshToken).not.toBe(refreshToken);
    expect((await accounts.send(ME, {}, next.accessToken)).data!.me.id).toBe(user.id);

    const rotatedRows = await accounts.prisma.refreshToken.findMany({
      where: { tokenHash: { in: [hashRefreshToken(refreshToken), hashRefreshToken(next.refreshToken)] } },
    });
    const old = rotatedRows.find((row) => row.tokenHash === hashRefreshToken(refreshToken))!;
    const successor = rotatedRows.find((row) => row.tokenHash === hashRefreshToken(next.refreshToken))!;
    expect(old.revokedAt).not.toBeNull();
    expect(old.replacedById).toBe(successor.id);
    expect(successor.familyId).toBe(old.familyId);
    expect(successor.revokedAt).toBeNull();

    expect((await accounts.send(LOGOUT, { refreshToken: next.refreshToken })).data).toEqual({ logout: true });
    const afterLogout = await accounts.send(REFRESH_SESSION, { refreshToken: next.refreshToken });
    expect(errorCodes(afterLogout)).toEqual(['UNAUTHENTICATED']);
  });

  it('stores only the SHA-256 of refresh tokens and the argon2id hash of passwords', async () => {
    const user = await aRegisteredUser(accounts);
    const row = await accounts.prisma.user.findUniqueOrThrow({ where: { id: user.id }, include: { refreshTokens: true } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.refreshTokens.map((token) => token.tokenHash)).toEqual([hashRefreshToken(user.refreshToken)]);
  });

  describe('refreshing', () => {
    it('revokes the whole session when an already rotated refresh token is presented again', async () => {
      const user = await aRegisteredUser(accounts);
      const first = await accounts.send(REFRESH_SESSION, { refreshToken: user.refreshToken });
      const current = first.data!.refreshSession.refreshToken;

      const replay = await accounts.send(REFRESH_SESSION, { refreshToken: user.refreshToken });
      expect(errorCodes(replay)).toEqual(['UNAUTHENTICATED']);
      expect(replay.errors![0]!.message).toMatch(/already used/);

      const legitimate = await accounts.send(REFRESH_SESSION, { refreshToken: current });
      expect(errorCodes(legitimate)).toEqual(['UNAUTHENTICATED']);
      expect(await accounts.prisma.refreshToken.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    });

    it('leaves the other sessions of the user alone when one family is revoked', async () => {
      const user = await aRegisteredUser(accounts);
      const otherDevice = (await accounts.send(LOGIN, { email: user.email, password: user.password })).data!.login;
      await accounts.send(REFRESH_SESSION, { refreshToken: user.refreshToken });
      await accounts.send(REFRESH_SESSION, { refreshToken: user.refreshToken });

      const other = await accounts.send(REFRESH_SESSION, { refreshToken: otherDevice.refreshToken });
      expect(other.errors).toBeUndefined();
    });

    it('lets only one of two concurrent refreshes of one token win', async () => {
      const user = await aRegisteredUser(accounts);
      const results = await Promise.all(
        [1, 2, 3].map(() => accounts.send(REFRESH_SESSION, { refreshToken: user.refreshToken })),
      );
      const winners = results.filter((result) => !result.errors);
      expect(winners.length).toBeLessThanOrEqual(1);
      expect(results.filter((result) => errorCodes(result)[0] === 'UNAUTHENTICATED').length).toBeGreaterThanOrEqual(2);
      expect(await accounts.prisma.refreshToken.count({ where: { userId: user.id, replacedById: { not: null } } })).toBe(1);
    });

    it('refuses expired, unknown and malformed refresh tokens', async () => {
      const user = await aRegisteredUser(accounts);
      await accounts.prisma.refreshToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

      const expired = await accounts.send(REFRESH_SESSION, { refreshToken: user.refreshToken });
      const unknown = await accounts.send(REFRESH_SESSION, { refreshToken: 'A'.repeat(43) });
      const malformed = await accounts.send(REFRESH_SESSION, { refreshToken: 'not a token' });

      expect([expired, unknown, malformed].map(errorCodes)).toEqual([['UNAUTHENTICATED'], ['UNAUTHENTICATED'], ['UNAUTHENTICATED']]);
      expect(expired.errors![0]!.message).toBe('Refresh token expired');
    });

    it('signs access tokens with the role the user has now', async () => {
      const user = await aRegisteredUser(accounts);
      await accounts.prisma.user.update({ where: { id: user.id }, data: { role: 'ADMIN' } });
      const refreshed = (await accounts.send(REFRESH_SESSION, { refreshToken: user.refreshToken })).data!.refreshSession;
      expect((await accounts.send(ME, {}, refreshed.accessToken)).data!.me.role).toBe('ADMIN');
    });
  });

  describe('logging out', () => {
    it('answers true for unknown tokens and for tokens already logged out', async () => {
      const user = await aRegisteredUser(accounts);
      expect((await accounts.send(LOGOUT, { refreshToken: user.refreshToken })).data).toEqual({ logout: true });
      expect((await accounts.send(LOGOUT, { refreshToken: user.refreshToken })).data).toEqual({ logout: true });
      expect((await accounts.send(LOGOUT, { refreshToken: 'whatever' })).data).toEqual({ logout: true });
    });
  });

  describe('registration input', () => {
    it.each([
      ['an invalid email', { email: 'not-an-email' }, 'email'],
      ['a too long email', { email: `${'a'.repeat(60)}@${'b'.repeat(200)}.com` }, 'email'],
      ['a short password', { password: 'abc1234' }, 'password'],
      ['a password without digits', { password: 'onlyletters' }, 'password'],
      ['a too long password', { password: `${'a'.repeat(128)}1` }, 'password'],
      ['a common password', { password: 'Password123' }, 'password'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a too long name', { name: 'n'.repeat(101) }, 'name'],
    ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_case, override, field) => {
      const before = await rowCounts(accounts);
      const response = await accounts.send(REGISTER, {
        email: 'grace@example.com',
        password: 'cobol7compiler',
        name: 'Grace Hopper',
        ...override,
      });
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0]!.extensions!.field).toBe(field);
      expect(await rowCounts(accounts)).toEqual(before);
    });

    it('refuses an email that is already registered, whatever its case', async () => {
      const user = await aRegisteredUser(accounts);
      const before = await rowCounts(accounts);
      const response = await accounts.send(REGISTER, {
        email: user.email.toUpperCase(),
        password: 'another7password',
        name: 'Someone Else',
      });
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0]!.message).toBe('Email is already registered');
      expect(await rowCounts(accounts)).toEqual(before);
    });

    it('creates one user when the same email registers concurrently', async () => {
      const attempts = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          accounts.send(REGISTER, { email: 'race@example.com', password: `racing7car${i}`, name: `Racer ${i}` }),
        ),
      );
      expect(attempts.filter((attempt) => !attempt.errors)).toHaveLength(1);
      expect(attempts.filter((attempt) => attempt.errors).map((attempt) => attempt.errors![0]!.message)).toEqual(
        Array(4).fill('Email is already registered'),
      );
      expect(await rowCounts(accounts)).toEqual({ users: 1, refreshTokens: 1 });
    });
  });

  describe('signing in', () => {
    it('answers the same UNAUTHENTICATED for a wrong password and an unknown email, writing nothing', async () => {
      const user = await aRegisteredUser(accounts);
      const before = await rowCounts(accounts);
      const wrongPassword = await accounts.send(LOGIN, { email: user.email, password: 'wrong7password' });
      const unknownEmail = await accounts.send(LOGIN, { email: 'nobody@example.com', password: user.password });
      const invalidEmail = await accounts.send(LOGIN, { email: 'nobody', password: user.password });

      for (const response of [wrongPassword, unknownEmail, invalidEmail]) {
        expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
        expect(response.errors![0]!.message).toBe('Invalid email or password');
      }
      expect(await rowCounts(accounts)).toEqual(before);
    });

    it('spends about as long on unknown emails as on wrong passwords', async () => {
      const user = await aRegisteredUser(accounts);
      const time = async (email: string) => {
        const started = process.hrtime.bigint();
        await accounts.send(LOGIN, { email, password: 'wrong7password' });
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      await time('warm-up@example.com');
      const samples = { known: [] as number[], unknown: [] as number[] };
      for (let i = 0; i < 5; i += 1) {
        samples.known.push(await time(user.email));
        samples.unknown.push(await time('nobody@example.com'));
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      const hasher = accounts.app.get(AuthService)['passwords'];
      const verify = jest.spyOn(hasher, 'verify');
      await time('nobody@example.com');
      // The unknown email went through a real argon2 verification (against the dummy hash).
      expect(verify).toHaveBeenCalledTimes(1);
      expect(median(samples.unknown)).toBeGreaterThan(median(samples.known) * 0.3);
      verify.mockRestore();
    });
  });

  describe('me', () => {
    it('is UNAUTHENTICATED without a token and with a bad token', async () => {
      const noToken = await accounts.send(ME);
      const badToken = await accounts.send(ME, {}, 'not.a.jwt');
      expect(errorCodes(noToken)).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(badToken)).toEqual(['UNAUTHENTICATED']);
    });

    it('is UNAUTHENTICATED once the account is gone', async () => {
      const user = await aRegisteredUser(accounts);
      await accounts.prisma.user.delete({ where: { id: user.id } });
      expect(errorCodes(await accounts.send(ME, {}, user.accessToken))).toEqual(['UNAUTHENTICATED']);
    });
  });
});
