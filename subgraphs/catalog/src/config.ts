import {
  readBindHost,
  readConfig,
  readDatabaseUrl,
  readPort,
  readQueuePrefix,
  readRedisUrl,
  readTokenVerification,
  type AccessTokenVerifierOptions,
} from '@retail/common';

export interface CatalogConfig {
  host: string;
  port: number;
  databaseUrl: string;
  tokens: AccessTokenVerifierOptions;
  /** Where the catalog announces its changes to the gateways' response cache. */
  redisUrl: string;
  /** Prefix of the catalog version's key (`<QUEUE_PREFIX>:response-cache:catalog-version`). */
  queuePrefix: string;
}

/** Reads and validates the catalog's configuration once; fails with every bad variable. */
export function loadCatalogConfig(env: NodeJS.ProcessEnv = process.env): CatalogConfig {
  return readConfig(
    (reader) => ({
      host: readBindHost(reader),
      port: readPort(reader, 'catalog'),
      databaseUrl: readDatabaseUrl(reader, 'catalog'),
      tokens: readTokenVerification(reader),
      redisUrl: readRedisUrl(reader),
      queuePrefix: readQueuePrefix(reader),
    }),
    env,
  );
}

export const CATALOG_CONFIG = Symbol('CATALOG_CONFIG');
