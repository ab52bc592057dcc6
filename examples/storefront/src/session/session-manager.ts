import { lifetimeOf, renewalDelayMs } from './access-token';

/** What Login, Register and RefreshSession return. */
export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
}

/** The server refused the refresh token (expired, revoked, or reused): the shopper must sign in again. */
export class SessionExpiredError extends Error {
  constructor(message = 'Your session has ended; please sign in again') {
    super(message);
    this.name = 'SessionExpiredError';
  }
}

/** Where the refresh token survives a reload; shared by every tab of the shop (localStorage in the browser). */
export interface RefreshTokenStore {
  read(): string | null;
  write(refreshToken: string | null): void;
}

export interface Timers {
  now(): number;
  setTimeout(task: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SessionManagerOptions {
  /** Sends RefreshSession; rejects with SessionExpiredError when the server refuses the token. */
  renew(refreshToken: string): Promise<SessionTokens>;
  store: RefreshTokenStore;
  /**
   * Runs `task` while no other tab renews. Refresh tokens rotate on every use and a reused one revokes the
   * whole session, so two tabs must never send the same one (Web Locks in the browser).
   */
  exclusively<T>(task: () => Promise<T>): Promise<T>;
  timers?: Timers;
}

export type SessionStatus = 'signed-in' | 'signed-out';

/** After a failed renewal (gateway unreachable), try again this much later. */
const RETRY_AFTER_FAILURE_MS = 15_000;

const browserTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (task, delayMs) => setTimeout(task, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Holds the shopper's session: the access token in memory only, the refresh token in the store. The access
 * token is renewed on a timer shortly before it expires, and on demand when it is due (a tab that slept past
 * its timer), so requests never carry an expired token.
 */
export class SessionManager {
  private accessToken: string | null = null;
  /** When (timers.now()) the access token in memory is due for renewal. */
  private renewAt = 0;
  private renewalTimer: unknown = null;
  private renewing: Promise<string | null> | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly timers: Timers;

  constructor(private readonly options: SessionManagerOptions) {
    this.timers = options.timers ?? browserTimers;
  }

  /** Signed in when a refresh token is stored (this tab's or one another tab left after signing in). */
  get status(): SessionStatus {
    return this.options.store.read() ? 'signed-in' : 'signed-out';
  }

  /** Starts the session Login or Register returned. */
  signIn(tokens: SessionTokens): void {
    this.options.store.write(tokens.refreshToken);
    this.accept(tokens.accessToken);
  }

  /** Ends the session here; returns its refresh token, for Logout to revoke it on the server. */
  signOut(): string | null {
    const refreshToken = this.options.store.read();
    this.forget();
    return refreshToken;
  }

  /** A valid access token, renewed first when due; null when signed out. */
  async currentAccessToken(): Promise<string | null> {
    if (this.accessToken && this.timers.now() < this.renewAt) return this.accessToken;
    if (!this.options.store.read()) {
      if (this.accessToken) this.forget();
      return null;
    }
    return this.renew();
  }

  /** Renews the access token now; concurrent callers share one RefreshSession. */
  renew(): Promise<string | null> {
    this.renewing ??= this.options
      .exclusively(() => this.renewWithStoredToken())
      .finally(() => {
        this.renewing = null;
      });
    return this.renewing;
  }

  /** Called on every sign-in, renewal and sign-out. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops the renewal timer (the app unmounts). */
  dispose(): void {
    this.cancelTimer();
  }

  private async renewWithStoredToken(): Promise<string | null> {
    // Read inside the lock: another tab may have rotated the token since this one last looked.
    const refreshToken = this.options.store.read();
    if (!refreshToken) {
      this.forget();
      return null;
    }
    try {
      const tokens = await this.options.renew(refreshToken);
      this.signIn(tokens);
      return tokens.accessToken;
    } catch (error) {
      if (error instanceof SessionExpiredError) {
        this.forget();
        return null;
      }
      // The gateway could not be reached: keep the session and try again soon.
      this.schedule(RETRY_AFTER_FAILURE_MS);
      throw error;
    }
  }

  private accept(accessToken: string): void {
    const delay = renewalDelayMs(lifetimeOf(accessToken));
    this.accessToken = accessToken;
    this.renewAt = this.timers.now() + delay;
    this.schedule(delay);
    this.notify();
  }

  private forget(): void {
    this.options.store.write(null);
    this.accessToken = null;
    this.renewAt = 0;
    this.cancelTimer();
    this.notify();
  }

  private schedule(delayMs: number): void {
    this.cancelTimer();
    this.renewalTimer = this.timers.setTimeout(() => {
      this.renewalTimer = null;
      // A failure is already handled (retry scheduled or signed out); nobody awaits this renewal.
      this.renew().catch(() => undefined);
    }, delayMs);
  }

  private cancelTimer(): void {
    if (this.renewalTimer !== null) this.timers.clearTimeout(this.renewalTimer);
    this.renewalTimer = null;
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
