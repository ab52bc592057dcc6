import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { errorCodes, gql, type GraphQLResponse } from '@test/graphql-client';
import { LoginThrottle } from '../src/auth/login-throttle';
import { aRegisteredUser, type RegisteredUser } from './support/accounts-factory';
import { LOGIN } from './support/accounts-operations';
import { startAccountsTestApp, type AccountsTestApp } from './support/accounts-test-app';

describe(LoginThrottle.name, () => {
  const prefix = `throttle-test-${randomUUID()}`;
  let accounts: AccountsTestApp;
  let redis: Redis;

  /** A sign-in from the client at `ip`, as the gateway forwards it. */
  const login = async (email: string, password: string, ip: string): Promise<GraphQLResponse> =>
    gql(`${accounts.baseUrl}/graphql`, LOGIN, { email, password }, {
      ...(await accounts.asGateway()),
      headers: { 'x-forwarded-for': `${ip}, 10.0.0.1` },
    });
  const anIp = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${randomUUID().slice(0, 6)}`;
  const failTimes = async (user: RegisteredUser, times: number, ip: string) => {
    for (let i = 0; i < times; i += 1) {
      expect(errorCodes(await login(user.email, 'wrong7password', ip))).toEqual(['UNAUTHENTICATED']);
    }
  };

  beforeAll(async () => {
    accounts = await startAccountsTestApp({
      QUEUE_PREFIX: prefix,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_MAX_FAILURES_PER_IP: '5',
      LOGIN_THROTTLE_WINDOW_SECONDS: '2',
    });
    redis = new Redis(accounts.config.redisUrl);
  });

  afterEach(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await accounts.reset();
  });

  afterAll(async () => {
    await accounts.close();
    await redis.quit();
  });

  it('refuses an account after its limit of failures, even with the right password, saying when to retry', async () => {
    const user = await aRegisteredUser(accounts);
    await failTimes(user, 3, anIp());

    const refused = await login(user.email, user.password, anIp());
    expect(errorCodes(refused)).toEqual(['TOO_MANY_REQUESTS']);
    expect(refused.errors![0]!.extensions!.retryAfterSeconds).toEqual(expect.any(Number));
    expect(refused.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.errors![0]!.extensions!.retryAfterSeconds).toBeLessThanOrEqual(2);
    expect(refused.data).toBeNull();
  });

  it('counts an account across differently written emails', async () => {
    const user = await aRegisteredUser(accounts);
    await failTimes({ ...user, email: user.email.toUpperCase() }, 3, anIp());
    expect(errorCodes(await login(` ${user.email} `, user.password, anIp()))).toEqual(['TOO_MANY_REQUESTS']);
  });

  it('lets the account sign in again once the window has passed', async () => {
    const user = await aRegisteredUser(accounts);
    await failTimes(user, 3, anIp());
    expect(errorCodes(await login(user.email, user.password, anIp()))).toEqual(['TOO_MANY_REQUESTS']);

    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const again = await login(user.email, user.password, anIp());
    expect(again.errors).toBeUndefined();
    expect(again.data!.login.user.id).toBe(user.id);
  });

  it('clears the account counter on a successful sign-in', async () => {
    const user = await aRegisteredUser(accounts);
    await failTimes(user, 2, anIp());
    expect((await login(user.email, user.password, anIp())).errors).toBeUndefined();

    await failTimes(user, 2, anIp());
    expect((await login(user.email, user.password, anIp())).errors).toBeUndefined();
  });

  it('refuses a client IP after its limit of failures, for every account, while other IPs still sign in', async () => {
    const users = await Promise.all([0, 1, 2].map(() => aRegisteredUser(accounts)));
    const ip = anIp();
    await failTimes(users[0]!, 2, ip);
    await failTimes(users[1]!, 2, ip);
    expect(errorCodes(await login(`nobody-${randomUUID()}@example.com`, 'whatever1', ip))).toEqual(['UNAUTHENTICATED']);

    expect(errorCodes(await login(users[2]!.email, users[2]!.password, ip))).toEqual(['TOO_MANY_REQUESTS']);
    expect((await login(users[2]!.email, users[2]!.password, anIp())).errors).toBeUndefined();
  });

  it('holds across instances: a second accounts app on the same Redis sees the failures', async () => {
    const user = await aRegisteredUser(accounts);
    await failTimes(user, 3, anIp());
    const second = await startAccountsTestApp({ QUEUE_PREFIX: prefix, LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' });
    try {
      const response = await gql(`${second.baseUrl}/graphql`, LOGIN, { email: user.email, password: user.password }, await second.asGateway());
      expect(errorCodes(response)).toEqual(['TOO_MANY_REQUESTS']);
    } finally {
      await second.close();
    }
  });
});
