import type { DatabaseProvider } from './migration-files';

/** A database URL split into what the `pg` and `mariadb` drivers take. */
export interface DatabaseTarget {
  provider: DatabaseProvider;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

const PROTOCOLS: Record<string, DatabaseProvider> = {
  'postgresql:': 'postgresql',
  'postgres:': 'postgresql',
  'mysql:': 'mysql',
  'mariadb:': 'mysql',
};

// Database names are interpolated into DDL, so they are limited to what needs no escaping.
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_$-]{0,62}$/;

export function parseDatabaseUrl(url: string): DatabaseTarget {
  const parsed = new URL(url);
  const provider = PROTOCOLS[parsed.protocol];
  if (!provider) throw new Error(`Unsupported database URL protocol "${parsed.protocol}" in ${redact(url)}`);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  assertSafeDatabaseName(database);
  return {
    provider,
    host: parsed.hostname || '127.0.0.1',
    port: Number(parsed.port || (provider === 'postgresql' ? 5432 : 3306)),
    user: decodeURIComponent(parsed.username || (provider === 'postgresql' ? 'postgres' : 'root')),
    password: decodeURIComponent(parsed.password),
    database,
  };
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  assertSafeDatabaseName(database);
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function assertSafeDatabaseName(name: string): void {
  if (!SAFE_NAME.test(name)) throw new Error(`Unsafe or empty database name "${name}"`);
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid url>';
  }
}
