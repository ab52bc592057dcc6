import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Redis } from 'ioredis';

/** An Apollo plugin that runs `close` when the server stops (connections the gateway opened for it). */
export function onServerStop(close: () => Promise<void>): ApolloServerPlugin<BaseContext> {
  return {
    async serverWillStart() {
      return { serverWillStop: close };
    },
  };
}

/** Closes a Redis connection: at once if it never connected (lazy), else after its pending commands. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'wait') redis.disconnect();
  else await redis.quit().catch(() => redis.disconnect());
}
