import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { Logger, type LoggerService } from '@nestjs/common';
import type Redis from 'ioredis';
import { Counter } from 'prom-client';
import { catalogVersionKey, metricsRegistry } from '@retail/common';

/** Response header saying what the cache did: `HIT` (served from it) or `MISS` (computed, now stored). */
export const RESPONSE_CACHE_HEADER = 'x-response-cache';

const lookups = new Counter({
  name: 'gateway_response_cache_requests_total',
  help: 'Queries the gateway looked up in its response cache, by outcome (hit, miss, uncacheable, error)',
  labelNames: ['outcome'],
  registers: [metricsRegistry],
});

export interface ResponseCacheOptions {
  redis: Redis;
  /** Longest an entry lives; a subgraph's shorter max-age wins. */
  ttlSeconds: number;
  /** `QUEUE_PREFIX`. */
  prefix: string;
  logger?: LoggerService;
}

interface CachedRead {
  /** The catalog version the read was computed at. */
  v: string;
  data: Record<string, unknown>;
}

/**
 * A response cache shared by every gateway instance, in Redis, for reads that answer the same to everyone.
 *
 * What is cached: a query whose every subgraph answer said `Cache-Control: public, max-age=N` (the catalog
 * says so for its public reads only; accounts, orders and payments never do, so any plan touching them is
 * uncacheable, as is a private or zero max-age), answered without errors. Only `data` is stored, under the
 * sha256 of the operation's text, its name and its variables (keys sorted), so a persisted query sent by id
 * and the same text sent in full share an entry.
 *
 * When it is served: a query looks itself up after parsing, validation, the operation limits, the persisted
 * query list and authorization, so a cached answer never skips a check. An entry is served only while the
 * catalog version is the one it was computed at: the catalog raises it after each write, so the first read
 * after a change of a product, a price or stock computes a fresh answer. A caller with an access token may
 * be served a public entry, and its own public answer cached for others: such an answer does not depend on
 * who asked (a subgraph whose answer did would not mark it public).
 *
 * Redis trouble is a miss, never an error.
 */
export function responseCachePlugin({ redis, ttlSeconds, prefix, logger = new Logger('ResponseCache') }: ResponseCacheOptions): ApolloServerPlugin<BaseContext> {
  const versionKey = catalogVersionKey(prefix);
  const entryKey = (hash: string) => `${prefix}:response-cache:read:${hash}`;
  let warned = false;
  const warnOnce = (error: unknown) => {
    if (warned) return;
    warned = true;
    logger.warn(`Response cache unavailable, queries run uncached: ${(error as Error).message}`);
  };

  return {
    async requestDidStart() {
      let key: string | undefined;
      let version: string | undefined;
      let hit = false;
      return {
        async responseForOperation({ operation, queryHash, operationName, request }) {
          if (operation.operation !== 'query') return null;
          key = entryKey(
            createHash('sha256')
              .update(`${queryHash}\n${operationName ?? ''}\n${canonicalJson(request.variables ?? {})}`)
              .digest('hex'),
          );
          let cached: string | null | undefined;
          try {
            [version, cached] = (await redis.mget(versionKey, key)).map((value) => value ?? undefined) as [string | undefined, string | undefined];
            warned = false;
          } catch (error) {
            warnOnce(error);
            lookups.inc({ outcome: 'error' });
            key = undefined;
            return null;
          }
          if (version === undefined) {
            // No version yet (a new Redis): start one, and cache from the next request on.
            redis.set(versionKey, String(Date.now()), 'NX').catch(warnOnce);
            key = undefined;
            return null;
          }
          if (!cached) return null;
          const read = JSON.parse(cached) as CachedRead;
          if (read.v !== version) return null;
          hit = true;
          lookups.inc({ outcome: 'hit' });
          return { http: { status: undefined, headers: new HeaderMap([[RESPONSE_CACHE_HEADER, 'HIT']]) }, body: { kind: 'single', singleResult: { data: read.data } } };
        },

        async willSendResponse({ response, overallCachePolicy }) {
          if (hit || key === undefined || version === undefined) return;
          const policy = overallCachePolicy.policyIfCacheable();
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          if (!policy || policy.scope !== 'PUBLIC' || !result?.data || result.errors?.length) {
            lookups.inc({ outcome: 'uncacheable' });
            return;
          }
          lookups.inc({ outcome: 'miss' });
          const read: CachedRead = { v: version, data: result.data };
          const ttl = Math.max(1, Math.min(ttlSeconds, policy.maxAge));
          redis.set(key, JSON.stringify(read), 'EX', ttl).catch(warnOnce);
          response.http.headers.set(RESPONSE_CACHE_HEADER, 'MISS');
        },
      };
    },
  };
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` are the same variables. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    nested && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : nested,
  );
}
