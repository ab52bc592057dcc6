import { Logger, type LoggerService, type OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { closeRedis, raiseCatalogVersion } from '@retail/common';
import type { CatalogChanges } from './catalog-cache.plugin';

/**
 * Announces catalog changes by raising the catalog version in Redis (`raiseCatalogVersion`), on a connection
 * of its own. A Redis failure is logged, never thrown: the write it follows has been committed, and cached
 * reads then live until their TTL.
 */
export class RedisCatalogChanges implements CatalogChanges, OnModuleDestroy {
  private readonly redis: Redis;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    private readonly logger: LoggerService = new Logger('CatalogChanges'),
  ) {
    // Bounded: a write waits at most about a second for Redis before answering anyway.
    this.redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, commandTimeout: 1_000 });
    this.redis.on('error', () => undefined); // reported by announce() when a call fails
  }

  async announce(): Promise<void> {
    try {
      await raiseCatalogVersion(this.redis, this.prefix);
    } catch (error) {
      this.logger.warn(`Could not announce a catalog change to the response cache: ${(error as Error).message}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await closeRedis(this.redis);
  }
}
