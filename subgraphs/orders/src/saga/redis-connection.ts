import type { ConnectionOptions } from 'bullmq';

/**
 * BullMQ connection options for a `redis://` or `rediss://` URL. Options rather than a shared client: BullMQ
 * bundles its own ioredis, and each queue and worker then owns (and closes) its connections.
 */
export function redisConnectionOptions(redisUrl: string, options: { blocking?: boolean } = {}): ConnectionOptions {
  const url = new URL(redisUrl);
  const db = Number(url.pathname.replace(/^\//, '') || 0);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    // Workers block on Redis: their commands must never give up.
    ...(options.blocking ? { maxRetriesPerRequest: null } : {}),
  };
}
