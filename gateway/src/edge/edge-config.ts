import { resolve } from 'node:path';
import { readOperationLimits, readRedisUrl, type EnvReader, type OperationLimits } from '@retail/common';
import { PERSISTED_QUERIES_MODES, type PersistedQueriesMode } from '../persisted-queries/persisted-query-list.plugin';

/** How the gateway's public edge is guarded: operation limits, masking and persisted queries. */
export interface EdgeConfig {
  /** NODE_ENV=production: no introspection, no landing page, no field suggestions in errors. */
  production: boolean;
  limits: OperationLimits;
  persistedQueries: PersistedQueriesConfig;
}

export interface PersistedQueriesConfig {
  mode: PersistedQueriesMode;
  /** Manifests of the client apps' operations (Apollo's persisted query manifest format). */
  manifestPaths: string[];
  /** Shared store of automatic persisted queries, so every gateway instance knows every registered hash. */
  redisUrl: string;
  /** Namespace before Apollo's `apq:` keys; empty by default. */
  redisKeyPrefix: string;
  ttlSeconds: number;
}

/** The manifest generated from gateway/operations/client.graphql. */
export const DEFAULT_MANIFEST_PATH = resolve(__dirname, '..', '..', 'operations', 'manifest.json');

export function readEdgeConfig(reader: EnvReader, production: boolean): EdgeConfig {
  return {
    production,
    limits: readOperationLimits(reader),
    persistedQueries: {
      // Audit logs are for production, to learn what deployed clients send; in development they are noise.
      mode: reader.oneOf('PERSISTED_QUERIES_MODE', PERSISTED_QUERIES_MODES, production ? 'audit' : 'off'),
      manifestPaths: reader
        .string('PERSISTED_QUERIES_MANIFESTS', DEFAULT_MANIFEST_PATH)
        .split(',')
        .map((path) => path.trim())
        .filter((path) => path !== ''),
      redisUrl: readRedisUrl(reader),
      redisKeyPrefix: reader.string('APQ_REDIS_PREFIX', ''),
      ttlSeconds: reader.int('APQ_TTL_SECONDS', 86_400, { min: 1 }),
    },
  };
}
