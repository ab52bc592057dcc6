import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { EnvReader } from './env-reader';
import { readConfig } from './env-reader';
import { configureServiceHttp } from '../service-client/pooled-http-client';

/** TLS settings of one process: its server certificate (if it serves HTTPS) and the CA it trusts for calls. */
export interface TlsConfig {
  /** PEM certificate chain and key from `TLS_CERT_FILE` / `TLS_KEY_FILE`; HTTPS when set, plain HTTP otherwise. */
  server?: { cert: Buffer; key: Buffer };
  /** PEM CA bundle from `TLS_CA_FILE`, trusted for outbound https calls next to the system CAs. */
  ca?: Buffer;
}

export function readTlsConfig(env: EnvReader): TlsConfig {
  const certFile = env.optionalString('TLS_CERT_FILE');
  const keyFile = env.optionalString('TLS_KEY_FILE');
  const caFile = env.optionalString('TLS_CA_FILE');
  const config: TlsConfig = {};
  if (certFile !== undefined || keyFile !== undefined) {
    if (certFile === undefined) env.reject('TLS_CERT_FILE', 'is required when TLS_KEY_FILE is set');
    if (keyFile === undefined) env.reject('TLS_KEY_FILE', 'is required when TLS_CERT_FILE is set');
    const cert = certFile === undefined ? undefined : readPem(env, 'TLS_CERT_FILE', certFile);
    const key = keyFile === undefined ? undefined : readPem(env, 'TLS_KEY_FILE', keyFile);
    if (cert && key) config.server = { cert, key };
  }
  if (caFile !== undefined) config.ca = readPem(env, 'TLS_CA_FILE', caFile);
  return config;
}

/** Reads the TLS settings of this process from its environment; fails with every bad variable. */
export function loadTlsConfig(env: NodeJS.ProcessEnv = process.env): TlsConfig {
  return readConfig(readTlsConfig, env);
}

function readPem(env: EnvReader, name: string, file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (error) {
    env.reject(name, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    return undefined;
  }
}

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

type Dispatcher = { constructor: new (options: { connect: { ca: (string | Buffer)[] } }) => Dispatcher };

/**
 * Makes this process's calls to other services (`serviceHttp`) and its `fetch` trust `tls.ca` (next to the
 * system CAs) for https URLs. Call once at start-up, before any call. Node's fetch is undici, whose package is not importable here: its Agent class is reached
 * through the global dispatcher undici registers under a well-known symbol. Operators can instead set
 * NODE_EXTRA_CA_CERTS, which Node reads at start.
 */
export async function applyOutboundTls(tls: TlsConfig): Promise<void> {
  configureServiceHttp(tls);
  if (!tls.ca) return;
  // Loads undici, which registers its default Agent.
  await fetch('data:,');
  // The global object of fetch's own realm: the same as globalThis, except inside a test runner's sandbox.
  const realm = (fetch.constructor as FunctionConstructor)('return globalThis')() as Record<symbol, Dispatcher | undefined>;
  const current = realm[GLOBAL_DISPATCHER];
  if (!current) throw new Error('Cannot configure TLS trust: fetch has no global dispatcher');
  realm[GLOBAL_DISPATCHER] = new current.constructor({ connect: { ca: [...rootCertificates, tls.ca] } });
}
