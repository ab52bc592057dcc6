import type { ApolloServerOptions, BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { closeRedis, operationLimitRules, type CostDirectives } from '@retail/common';
import { explorerLandingPagePlugin } from '../explorer/explorer-page';
import { PersistedQueryList } from '../persisted-queries/persisted-query-manifest';
import { persistedQueryListPlugin } from '../persisted-queries/persisted-query-list.plugin';
import { PersistedQueryStore } from '../persisted-queries/persisted-query-store';
import { RedisKeyValueCache } from '../persisted-queries/redis-key-value-cache';
import type { EdgeConfig } from './edge-config';
import { createGatewayErrorFormatter } from './gateway-error-formatter';
import { operationCostPlugin } from './operation-cost.plugin';
import { operationResolutionPlugin } from './operation-resolution.plugin';
import { unsupportedOperationsRule } from './unsupported-operations';
import { onServerStop } from './on-server-stop';

type EdgeServerOptions = Pick<
  ApolloServerOptions<BaseContext>,
  | 'introspection'
  | 'csrfPrevention'
  | 'allowBatchedHttpRequests'
  | 'includeStacktraceInErrorResponses'
  | 'parseOptions'
  | 'validationRules'
  | 'formatError'
  | 'persistedQueries'
  | 'plugins'
>;

/**
 * The Apollo Server options that guard the public endpoint: operation limits (tokens, depth, aliases, cost
 * estimated with the supergraph's `@cost` / `@listSize`), no batching, CSRF prevention, masked errors carrying
 * the request id, automatic persisted queries shared through Redis, and the persisted query list (trusted
 * documents) in the configured mode.
 */
export function apiEdgeServerOptions(config: EdgeConfig, costDirectives: CostDirectives): EdgeServerOptions {
  const { production, limits, persistedQueries } = config;
  // Ids from the manifests resolve in every mode; the mode decides only what happens to unlisted operations.
  const list = PersistedQueryList.load(persistedQueries.manifestPaths);
  const redis = new Redis(persistedQueries.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const logger = new Logger('PersistedQueries');
  redis.on('error', (error: Error) => logger.warn(`Redis: ${error.message}`));
  const apq = new RedisKeyValueCache(redis, { keyPrefix: persistedQueries.redisKeyPrefix });

  return {
    introspection: !production,
    // Refuses GETs and simple-content-type POSTs that could be forged cross-site unless they carry a preflight header.
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [...operationLimitRules(limits, costDirectives), unsupportedOperationsRule],
    formatError: createGatewayErrorFormatter({ hideSuggestions: production }),
    persistedQueries: {
      cache: new PersistedQueryStore(list, apq, persistedQueries.mode !== 'enforce'),
      ttl: persistedQueries.ttlSeconds,
    },
    plugins: [
      // In development a browser at /graphql gets the offline explorer (GraphiQL from the gateway's own assets).
      production ? ApolloServerPluginLandingPageDisabled() : explorerLandingPagePlugin(),
      operationResolutionPlugin(),
      operationCostPlugin(limits, costDirectives),
      persistedQueryListPlugin({ mode: persistedQueries.mode, list }),
      onServerStop(() => closeRedis(redis)),
    ],
  };
}
