import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { Logger, type LoggerService } from '@nestjs/common';
import type Redis from 'ioredis';

export interface RedisKeyValueCacheOptions {
  /** Put before every key: a namespace when several systems share one Redis. */
  keyPrefix?: string;
  /** Seconds a value lives when `set` is given no ttl. */
  defaultTtlSeconds?: number;
  logger?: LoggerService;
}

/**
 * Apollo's `KeyValueCache` over Redis, so every gateway instance sees the same automatic persisted queries.
 * Apollo Server hands it keys already prefixed with `apq:`. A Redis outage reads as a cache miss (the client
 * then sends the full query) rather than failing requests.
 */
export class RedisKeyValueCache implements KeyValueCache<string> {
  private readonly keyPrefix: string;
  private readonly logger: LoggerService;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisKeyValueCacheOptions = {},
  ) {
    this.keyPrefix = options.keyPrefix ?? '';
    this.logger = options.logger ?? new Logger(RedisKeyValueCache.name);
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(this.keyPrefix + key)) ?? undefined;
    } catch (error) {
      this.logger.warn(`Persisted query cache read failed: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** `ttl` in seconds; `null` keeps the value until deleted, `undefined` uses the default ttl. */
  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ttl = options?.ttl === undefined ? this.options.defaultTtlSeconds : options.ttl;
    if (ttl) await this.redis.set(this.keyPrefix + key, value, 'EX', Math.max(1, Math.ceil(ttl)));
    else await this.redis.set(this.keyPrefix + key, value);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(this.keyPrefix + key)) > 0;
  }
}
