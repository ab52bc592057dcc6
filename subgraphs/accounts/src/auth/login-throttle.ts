import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { closeRedis, connectionErrorLog } from '@retail/common';
import { ACCOUNTS_CONFIG, type AccountsConfig, type LoginThrottleConfig } from '../config';
import { TooManyRequestsError } from './too-many-requests.error';
import { failedSignIns, throttledSignIns } from './sign-in-metrics';

/** Who a sign-in attempt is counted against. */
export interface LoginAttempt {
  /** The normalised email, or the raw one when it is not a valid address. */
  email: string;
  ip: string;
}

/**
 * Counts failed sign-ins per account and per client IP in Redis, so the limits hold across every accounts
 * instance. Fixed windows: a counter starts with its first failure and expires `windowSeconds` later.
 */
@Injectable()
export class LoginThrottle implements OnModuleDestroy {
  private readonly redis: Redis;
  private readonly limits: LoginThrottleConfig;
  private readonly keyPrefix: string;

  constructor(@Inject(ACCOUNTS_CONFIG) config: AccountsConfig) {
    this.redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
    // While Redis is away, sign-ins fail (after two retries) rather than go unthrottled; the client reconnects.
    this.redis.on('error', connectionErrorLog('LoginThrottle', 'Redis', 'reconnecting'));
    this.limits = config.loginThrottle;
    this.keyPrefix = `${config.redisKeyPrefix}:login-throttle`;
  }

  /**
   * Call before checking a password: TOO_MANY_REQUESTS (with `retryAfterSeconds`) while the account or the
   * IP has used up its failures, even if this attempt's password is right.
   */
  async assertAllowed(attempt: LoginAttempt): Promise<void> {
    const [account, ip] = this.keys(attempt);
    const results = await this.redis.multi().get(account).ttl(account).get(ip).ttl(ip).exec();
    const [accountCount, accountTtl, ipCount, ipTtl] = (results ?? []).map(([error, value]) => {
      if (error) throw error;
      return Number(value ?? 0);
    });
    const waits: number[] = [];
    if (accountCount! >= this.limits.maxFailuresPerAccount) {
      waits.push(this.retryAfter(accountTtl!));
      throttledSignIns.inc({ limit: 'account' });
    }
    if (ipCount! >= this.limits.maxFailuresPerIp) {
      waits.push(this.retryAfter(ipTtl!));
      throttledSignIns.inc({ limit: 'ip' });
    }
    if (waits.length > 0) throw new TooManyRequestsError(Math.max(...waits));
  }

  /** Call after a wrong password or unknown email: counts one failure against the account and the IP. */
  async recordFailure(attempt: LoginAttempt): Promise<void> {
    failedSignIns.inc();
    const window = this.limits.windowSeconds;
    const transaction = this.redis.multi();
    for (const key of this.keys(attempt)) {
      // NX: only the first failure of a window sets the expiry, so the window does not slide with each attempt.
      transaction.set(key, 0, 'EX', window, 'NX').incr(key);
    }
    await transaction.exec();
  }

  /** Call after a successful sign-in: the account starts afresh (the IP's count stays). */
  async recordSuccess(attempt: LoginAttempt): Promise<void> {
    await this.redis.del(this.keys(attempt)[0]);
  }

  async onModuleDestroy(): Promise<void> {
    await closeRedis(this.redis);
  }

  private keys(attempt: LoginAttempt): [account: string, ip: string] {
    // Hashed: bounded key length, and no email addresses stored in Redis.
    const email = createHash('sha256').update(attempt.email).digest('base64url');
    return [`${this.keyPrefix}:account:${email}`, `${this.keyPrefix}:ip:${attempt.ip}`];
  }

  private retryAfter(ttl: number): number {
    return ttl > 0 ? ttl : this.limits.windowSeconds;
  }
}
