import type { EnvReader } from '@retail/common';

/** The gateway's shared response cache for public catalog reads. */
export interface ResponseCacheConfig {
  /** Longest a cached read is kept (`RESPONSE_CACHE_TTL_SECONDS`); 0 turns the cache off. */
  ttlSeconds: number;
  redisUrl: string;
  /** `QUEUE_PREFIX`: cached reads and the catalog version live under `<prefix>:response-cache:`. */
  prefix: string;
}

/**
 * 60 s by default. Freshness does not depend on it (a catalog change retires cached reads at once); it bounds
 * how stale a read can get if an invalidation is lost (Redis unreachable from the catalog when it wrote) and
 * how long an entry nobody reads holds memory, while a storefront's hot pages stay cached between changes.
 */
export const DEFAULT_RESPONSE_CACHE_TTL_SECONDS = 60;

export function readResponseCacheConfig(reader: EnvReader, redisUrl: string, prefix: string): ResponseCacheConfig {
  return {
    ttlSeconds: reader.int('RESPONSE_CACHE_TTL_SECONDS', DEFAULT_RESPONSE_CACHE_TTL_SECONDS, { min: 0, max: 86_400 }),
    redisUrl,
    prefix,
  };
}
