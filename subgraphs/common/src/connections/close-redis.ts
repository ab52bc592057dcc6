import type { Redis } from 'ioredis';

/** Closes a Redis connection: at once if it never connected (lazy), else after its pending commands. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'wait') redis.disconnect();
  else await redis.quit().catch(() => redis.disconnect());
}
