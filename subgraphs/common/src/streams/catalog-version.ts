import type Redis from 'ioredis';

/**
 * The catalog's version: a number in Redis that the catalog raises after every write it commits (products,
 * prices, categories, stock: reserve, commit, release, restock), and that the gateway's response cache tags
 * each cached catalog read with. A cached read is served only while the version is the one it was read at, so
 * the first read after a change computes a fresh answer.
 */
export function catalogVersionKey(prefix: string): string {
  return `${prefix}:response-cache:catalog-version`;
}

/**
 * Raises the version to max(current + 1, now in ms): always upward, and past any value an earlier life of the
 * key had, so a key lost with Redis (or deleted) never comes back to a version old entries were tagged with.
 */
const RAISE_SCRIPT = `
local next = math.max((tonumber(redis.call('GET', KEYS[1])) or 0) + 1, tonumber(ARGV[1]))
redis.call('SET', KEYS[1], next)
return next`;

/** Raises the catalog version (see {@link catalogVersionKey}); resolves to the new version. */
export async function raiseCatalogVersion(redis: Redis, prefix: string): Promise<number> {
  return Number(await redis.eval(RAISE_SCRIPT, 1, catalogVersionKey(prefix), Date.now()));
}
