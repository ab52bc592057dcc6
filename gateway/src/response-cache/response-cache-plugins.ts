import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import type { ResponseCacheConfig } from './response-cache-config';
import { responseCachePlugin } from './response-cache.plugin';
import { closeRedis } from '@retail/common';
import { onServerStop } from '../edge/on-server-stop';

/**
 * The gateway's cache plugins: Apollo's cache control (which collects the subgraphs' Cache-Control hints into
 * the request's cache policy) without its response header, a `Cache-Control: no-store` on every GraphQL
 * answer instead (a browser or CDN cannot hear of catalog changes, so it must not keep answers), and the
 * shared response cache unless `ttlSeconds` is 0.
 */
export function responseCacheServerPlugins(config: ResponseCacheConfig): ApolloServerPlugin<BaseContext>[] {
  const plugins: ApolloServerPlugin<BaseContext>[] = [ApolloServerPluginCacheControl({ calculateHttpHeaders: false }), noStoreForClients];
  if (config.ttlSeconds === 0) return plugins;
  // A slow Redis costs a read at most this much before it runs uncached.
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, commandTimeout: 500 });
  const logger = new Logger('ResponseCache');
  redis.on('error', (error: Error) => logger.debug(`Redis: ${error.message}`));
  return [...plugins, responseCachePlugin({ redis, ttlSeconds: config.ttlSeconds, prefix: config.prefix, logger }), onServerStop(() => closeRedis(redis))];
}

const noStoreForClients: ApolloServerPlugin<BaseContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};
