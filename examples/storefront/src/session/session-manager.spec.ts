import { SessionExpiredError, SessionManager, type SessionTokens, type Timers } from './session-manager';

/** An unsigned JWT with the given lifetime: the session only reads `iat` and `exp`. */
function accessToken(lifetimeSeconds: number, subject = 'user-1'): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = 1_700_000_000;
  return `${encode({ alg: 'ES256' })}.${encode({ sub: subject, iat, exp: iat + lifetimeSeconds })}.signature`;
}

class FakeTimers implements Timers {
  private time = 0;
  private tasks: { at: number; task: () => void; handle: number }[] = [];
  private nextHandle = 1;
  now = () => this.time;
  setTimeout = (task: () => void, delayMs: number) => {
    const handle = this.nextHandle++;
    this.tasks.push({ at: this.time + delayMs, task, handle });
    return handle;
  };
  clearTimeout = (handle: unknown) => {
    this.tasks = this.tasks.filter((entry) => entry.handle !== handle);
  };
  /** Moves the clock without running timers (a tab that slept). */
  skip(ms: number) {
    this.time += ms;
  }
  async advance(ms: number) {
    const until = this.time + ms;
    for (;;) {
      const due = this.tasks.filter((entry) => entry.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.tasks = this.tasks.filter((entry) => entry !== due);
      this.time = due.at;
      due.task();
      await flush();
    }
    this.time = until;
  }
  get pending() {
    return this.tasks.length;
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function setUp(renew: (refreshToken: string) => Promise<SessionTokens>, stored: string | null = null) {
  let refreshToken = stored;
  const store = { read: () => refreshToken, write: (token: string | null) => void (refreshToken = token) };
  const timers = new FakeTimers();
  const renewMock = jest.fn(renew);
  const session = new SessionManager({ renew: renewMock, store, timers, exclusively: (task) => task() });
  return { session, timers, store, renew: renewMock, stored: () => refreshToken };
}

describe(SessionManager.name, () => {
  const fifteenMinutes = 15 * 60;

  it('renews a minute before a 15-minute token expires, rotating the stored refresh token', async () => {
    const { session, timers, renew, stored } = setUp(async (token) => ({ accessToken: accessToken(fifteenMinutes, 'renewed'), refreshToken: `${token}+1` }));
    session.signIn({ accessToken: accessToken(fifteenMinutes), refreshToken: 'r0' });

    await timers.advance(14 * 60 * 1000 - 1);
    expect(renew).not.toHaveBeenCalled();
    await timers.advance(1);
    expect(renew).toHaveBeenCalledWith('r0');
    expect(stored()).toBe('r0+1');
    expect(await session.currentAccessToken()).toBe(accessToken(fifteenMinutes, 'renewed'));

    await timers.advance(14 * 60 * 1000);
    expect(renew).toHaveBeenLastCalledWith('r0+1');
  });

  it('renews short-lived tokens at four fifths of their life', async () => {
    const { session, timers, renew } = setUp(async () => ({ accessToken: accessToken(100), refreshToken: 'r1' }));
    session.signIn({ accessToken: accessToken(100), refreshToken: 'r0' });
    await timers.advance(79_999);
    expect(renew).not.toHaveBeenCalled();
    await timers.advance(1);
    expect(renew).toHaveBeenCalledTimes(1);
  });

  it('renews on demand when the tab slept past its timer, once for concurrent callers', async () => {
    const { session, timers, renew } = setUp(async () => ({ accessToken: accessToken(fifteenMinutes, 'fresh'), refreshToken: 'r1' }));
    session.signIn({ accessToken: accessToken(fifteenMinutes, 'old'), refreshToken: 'r0' });
    timers.skip(20 * 60 * 1000);

    const tokens = await Promise.all([session.currentAccessToken(), session.currentAccessToken()]);
    expect(tokens).toEqual([accessToken(fifteenMinutes, 'fresh'), accessToken(fifteenMinutes, 'fresh')]);
    expect(renew).toHaveBeenCalledTimes(1);
  });

  it('resumes after a reload from the stored refresh token', async () => {
    const { session, renew } = setUp(async () => ({ accessToken: accessToken(fifteenMinutes), refreshToken: 'r1' }), 'r0');
    expect(session.status).toBe('signed-in');
    expect(await session.currentAccessToken()).toBe(accessToken(fifteenMinutes));
    expect(renew).toHaveBeenCalledWith('r0');
  });

  it('uses the refresh token another tab stored, never a rotated one', async () => {
    const { session, timers, store, renew } = setUp(async () => ({ accessToken: accessToken(fifteenMinutes), refreshToken: 'mine-2' }));
    session.signIn({ accessToken: accessToken(fifteenMinutes), refreshToken: 'mine-1' });
    // Another tab renewed meanwhile and stored its rotated token.
    store.write('other-tab-2');
    await timers.advance(14 * 60 * 1000);
    expect(renew).toHaveBeenCalledWith('other-tab-2');
  });

  it('signs out when the server refuses the refresh token', async () => {
    const { session, timers, stored } = setUp(async () => {
      throw new SessionExpiredError();
    });
    const changes = jest.fn();
    session.subscribe(changes);
    session.signIn({ accessToken: accessToken(fifteenMinutes), refreshToken: 'r0' });
    await timers.advance(14 * 60 * 1000);

    expect(session.status).toBe('signed-out');
    expect(stored()).toBeNull();
    expect(await session.currentAccessToken()).toBeNull();
    expect(changes).toHaveBeenCalledTimes(2);
    expect(timers.pending).toBe(0);
  });

  it('keeps the session and retries when the gateway cannot be reached', async () => {
    let calls = 0;
    const { session, timers, renew } = setUp(async () => {
      calls += 1;
      if (calls === 1) throw new TypeError('Failed to fetch');
      return { accessToken: accessToken(fifteenMinutes, 'after-retry'), refreshToken: 'r1' };
    });
    session.signIn({ accessToken: accessToken(fifteenMinutes), refreshToken: 'r0' });
    await timers.advance(14 * 60 * 1000);
    expect(session.status).toBe('signed-in');

    await timers.advance(15_000);
    expect(renew).toHaveBeenCalledTimes(2);
    expect(await session.currentAccessToken()).toBe(accessToken(fifteenMinutes, 'after-retry'));
  });

  it('signs out: hands back the refresh token to revoke and stops renewing', async () => {
    const { session, timers, renew } = setUp(async () => ({ accessToken: accessToken(fifteenMinutes), refreshToken: 'r1' }));
    session.signIn({ accessToken: accessToken(fifteenMinutes), refreshToken: 'r0' });
    expect(session.signOut()).toBe('r0');
    await timers.advance(60 * 60 * 1000);
    expect(renew).not.toHaveBeenCalled();
    expect(await session.currentAccessToken()).toBeNull();
  });
});
