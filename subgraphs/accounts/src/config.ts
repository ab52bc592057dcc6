import { resolve } from 'node:path';
import {
  ConfigError,
  developmentClientSecret,
  readBindHost,
  readConfig,
  readDatabaseUrl,
  readPort,
  readQueuePrefix,
  readRedisUrl,
  readServiceCredentials,
  readTokenVerification,
  type AccessTokenVerifierOptions,
  type EnvReader,
} from '@retail/common';
import { SERVICE_CLIENTS } from './service-clients/service-client.registry';

/** Argon2id cost parameters (memory in KiB). */
export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP's recommended argon2id configuration (19 MiB, 2 passes, 1 lane). */
export const ARGON2_DEFAULTS: Readonly<Argon2Params> = Object.freeze({ memoryCost: 19456, timeCost: 2, parallelism: 1 });

export interface SigningKeyConfig {
  /** PKCS8 PEM of the current ES256 signing key. */
  privateKeyFile: string;
  /** Public (or private) PEMs of retired keys, still published in the JWKS so their tokens verify until expiry. */
  previousPublicKeyFiles: string[];
  /** Create the key file when it is missing (never in production). */
  generateIfMissing: boolean;
}

/** Failed sign-ins tolerated per account and per client IP within one window, counted in Redis across instances. */
export interface LoginThrottleConfig {
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  windowSeconds: number;
}

export interface AccountsConfig {
  host: string;
  port: number;
  production: boolean;
  databaseUrl: string;
  /** Issuer and audience of the tokens accounts signs; accounts verifies them with its own key set. */
  tokens: AccessTokenVerifierOptions;
  signingKey: SigningKeyConfig;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  serviceTokenTtlSeconds: number;
  argon2: Argon2Params;
  /** Client secret of each registered service client, by client id. */
  serviceClientSecrets: Record<string, string>;
  /** The administrator `seedAccounts` makes sure exists. */
  admin: { email: string; password: string };
  /** Redis, shared by every accounts instance (failed sign-in counters). */
  redisUrl: string;
  /** Prefix of every key accounts writes in Redis (QUEUE_PREFIX, so `npm start -- --fresh` clears them too). */
  redisKeyPrefix: string;
  loginThrottle: LoginThrottleConfig;
}

const DAY_SECONDS = 24 * 60 * 60;

/**
 * Reads and validates the accounts configuration once; fails with every bad variable.
 * The signing key defaults to `<cwd>/.local/keys/accounts-signing-key.pem`, so start processes from the
 * repository root (or set JWT_PRIVATE_KEY_FILE).
 */
export function loadAccountsConfig(env: NodeJS.ProcessEnv = process.env): AccountsConfig {
  return readConfig((reader) => readAccountsConfig(reader), env);
}

function readAccountsConfig(reader: EnvReader): AccountsConfig {
  const production = reader.optionalString('NODE_ENV') === 'production';
  return {
    host: readBindHost(reader),
    port: readPort(reader, 'accounts'),
    production,
    databaseUrl: readDatabaseUrl(reader, 'accounts'),
    tokens: readTokenVerification(reader),
    signingKey: {
      privateKeyFile: resolve(reader.string('JWT_PRIVATE_KEY_FILE', '.local/keys/accounts-signing-key.pem')),
      previousPublicKeyFiles: (reader.optionalString('JWT_PREVIOUS_PUBLIC_KEY_FILES') ?? '')
        .split(',')
        .map((file) => file.trim())
        .filter(Boolean)
        .map((file) => resolve(file)),
      generateIfMissing: !production,
    },
    accessTokenTtlSeconds: reader.int('ACCESS_TOKEN_TTL_SECONDS', 900, { min: 30, max: DAY_SECONDS }),
    refreshTokenTtlSeconds: reader.int('REFRESH_TOKEN_TTL_SECONDS', 30 * DAY_SECONDS, { min: 60, max: 365 * DAY_SECONDS }),
    serviceTokenTtlSeconds: reader.int('SERVICE_TOKEN_TTL_SECONDS', 300, { min: 30, max: DAY_SECONDS }),
    argon2: {
      memoryCost: reader.int('ARGON2_MEMORY_KIB', ARGON2_DEFAULTS.memoryCost, { min: 8, max: 1024 * 1024 }),
      timeCost: reader.int('ARGON2_TIME_COST', ARGON2_DEFAULTS.timeCost, { min: 1, max: 10 }),
      parallelism: ARGON2_DEFAULTS.parallelism,
    },
    serviceClientSecrets: Object.fromEntries(
      SERVICE_CLIENTS.map(({ clientId }) => [clientId, readServiceCredentials(reader, clientId).clientSecret]),
    ),
    admin: {
      email: reader.string('ADMIN_EMAIL', 'admin@example.com'),
      password: reader.string('ADMIN_PASSWORD', 'admin12345'),
    },
    redisUrl: readRedisUrl(reader),
    redisKeyPrefix: readQueuePrefix(reader),
    loginThrottle: {
      maxFailuresPerAccount: reader.int('LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, { min: 1, max: 1000 }),
      maxFailuresPerIp: reader.int('LOGIN_MAX_FAILURES_PER_IP', 20, { min: 1, max: 100_000 }),
      windowSeconds: reader.int('LOGIN_THROTTLE_WINDOW_SECONDS', 15 * 60, { min: 1, max: DAY_SECONDS }),
    },
  };
}

export const ACCOUNTS_CONFIG = Symbol('ACCOUNTS_CONFIG');
