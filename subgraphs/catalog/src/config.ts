import {
  readBindHost,
  readConfig,
  readDatabaseUrl,
  readPort,
  readTokenVerification,
  type AccessTokenVerifierOptions,
} from '@retail/common';

export interface CatalogConfig {
  host: string;
  port: number;
  databaseUrl: string;
  tokens: AccessTokenVerifierOptions;
}

/** Reads and validates the catalog's configuration once; fails with every bad variable. */
export function loadCatalogConfig(env: NodeJS.ProcessEnv = process.env): CatalogConfig {
  return readConfig(
    (reader) => ({
      host: readBindHost(reader),
      port: readPort(reader, 'catalog'),
      databaseUrl: readDatabaseUrl(reader, 'catalog'),
      tokens: readTokenVerification(reader),
    }),
    env,
  );
}

export const CATALOG_CONFIG = Symbol('CATALOG_CONFIG');
