import type { EventEmitter } from 'node:events';
import type { PrismaMariaDb } from '@prisma/adapter-mariadb';
import type { PrismaPg } from '@prisma/adapter-pg';
import type * as mariadb from 'mariadb';
import type { Pool } from 'pg';
import { connectionErrorLog } from '../connections/connection-error-log';

/**
 * Driver adapters for the generated Prisma clients. The clients run on these (no native query engine), so
 * every service connects through `pg` or `mariadb` with the URL from its config.
 *
 * Both build their pool here rather than letting the adapter do it, for one reason: a database that drops a
 * connection (failover, restart, `pg_terminate_backend`, `KILL`, a pooler's idle timeout) must never take the
 * process down. The drivers report such a drop as an `'error'` event, and an `'error'` event without a listener
 * is an uncaught exception in Node. Every pool and every connection in it gets a listener of ours that logs the
 * drop; the pool then discards the dead connection and opens a new one on the next query. A query that was in
 * flight on it fails with the driver's error, and is retried where its caller retries (saga steps do).
 */

/**
 * How long a query waits for a free connection of the pool before failing: Prisma's default `maxWait` for
 * starting an interactive transaction. A caller Prisma has already given up on must not keep its place in the
 * pool's queue: under overload, a longer wait lets the pool serve mostly requests nobody waits for any more
 * (each abandoned transaction still takes a connection for BEGIN and ROLLBACK), and throughput collapses.
 */
const POOL_WAIT_MS = 2_000;

/** How long opening a new connection to the server may take. */
const CONNECT_TIMEOUT_MS = 10_000;

/** Where a pool connects, for log lines (no credentials). */
function describe(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname}:${url.port}${url.pathname}`;
}

function connectionDropLog(databaseUrl: string): (error: Error) => void {
  return connectionErrorLog('Database', `Connection to ${describe(databaseUrl)} lost`, 'the pool opens a new one');
}

/**
 * A `pg` pool whose connections can never raise an unhandled `'error'`. node-postgres removes the pool's own
 * listener from a client while the client is checked out (node-postgres issues #2762 and #3202), so a backend
 * terminated during a query or a transaction emits `'error'` on a client nobody listens to. A listener added
 * when the client connects stays for its whole life.
 */
export function resilientPgPool(databaseUrl: string, poolSize = 10): Pool {
  const { Pool } = require('pg') as typeof import('pg');
  const onDrop = connectionDropLog(databaseUrl);
  const pool = new Pool({
    connectionString: databaseUrl,
    max: poolSize,
    // node-postgres has one timeout for both waiting in the pool's queue and opening a connection.
    connectionTimeoutMillis: POOL_WAIT_MS,
    // Dead peers (a failed-over host that never sends a FIN) are noticed by TCP keepalive.
    keepAlive: true,
  });
  pool.on('connect', (client) => client.on('error', onDrop));
  // Errors of idle clients: the pool has already removed the client.
  pool.on('error', onDrop);
  return pool;
}

/**
 * PrismaPg on a resilient pool. Each `connect()` (a client connects again after `$disconnect()`) gets a new
 * pool, which `$disconnect()` ends, as it would end a pool the adapter had made itself.
 */
function definePrismaPg() {
  const { PrismaPg } = require('@prisma/adapter-pg') as typeof import('@prisma/adapter-pg');
  return class ResilientPrismaPg extends PrismaPg {
    constructor(private readonly databaseUrl: string, private readonly poolSize: number) {
      super({ connectionString: databaseUrl });
    }

    override connect(): ReturnType<PrismaPg['connect']> {
      return new PrismaPg(resilientPgPool(this.databaseUrl, this.poolSize), { disposeExternalPool: true }).connect();
    }
  };
}
let ResilientPrismaPg: ReturnType<typeof definePrismaPg> | undefined;

export function postgresAdapter(databaseUrl: string, poolSize = 10): PrismaPg {
  ResilientPrismaPg ??= definePrismaPg();
  return new ResilientPrismaPg(databaseUrl, poolSize);
}

/**
 * A `mariadb` pool that reports, rather than throws, what goes wrong with its connections: the pool emits
 * `'error'` when it cannot open a connection (the server is down or restarting), and a connection emits it
 * when the server kills it while idle.
 */
export function resilientMariaDbPool(
  databaseUrl: string,
  poolSize = 10,
  options: Pick<mariadb.PoolConfig, 'multipleStatements'> = {},
): mariadb.Pool {
  const mariadb = require('mariadb') as typeof import('mariadb');
  const url = new URL(databaseUrl);
  const onDrop = connectionDropLog(databaseUrl);
  const pool = mariadb.createPool({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    database: url.pathname.replace(/^\//, ''),
    connectionLimit: poolSize,
    acquireTimeout: POOL_WAIT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // What the adapter sets on pools it creates itself: Prisma sends its own statements, unprepared.
    prepareCacheLength: 0,
    ...options,
  });
  // The driver's types omit the pool's 'error' event; the pool is an EventEmitter that emits it.
  (pool as unknown as EventEmitter).on('error', onDrop);
  pool.on('connection', (connection) => connection.on('error', onDrop));
  return pool;
}

/** PrismaMariaDb on a resilient pool; like ResilientPrismaPg, a new pool per `connect()`. */
function definePrismaMariaDb() {
  const { PrismaMariaDb } = require('@prisma/adapter-mariadb') as typeof import('@prisma/adapter-mariadb');
  return class ResilientPrismaMariaDb extends PrismaMariaDb {
    constructor(private readonly databaseUrl: string, private readonly poolSize: number) {
      super(databaseUrl);
    }

    override connect(): ReturnType<PrismaMariaDb['connect']> {
      const pool = resilientMariaDbPool(this.databaseUrl, this.poolSize);
      // The adapter's types come from its own copy of the driver; the pool's interface is the same.
      return new PrismaMariaDb(pool as unknown as ConstructorParameters<typeof PrismaMariaDb>[0], {
        disposeExternalPool: true,
        // The binary protocol prepares, executes and closes every statement (the cache is off, as Prisma sets
        // it): two round trips and three packets each. The text protocol sends the statement with its values
        // escaped by the driver, one round trip.
        useTextProtocol: true,
      }).connect();
    }
  };
}
let ResilientPrismaMariaDb: ReturnType<typeof definePrismaMariaDb> | undefined;

export function mariaDbAdapter(databaseUrl: string, poolSize = 10): PrismaMariaDb {
  ResilientPrismaMariaDb ??= definePrismaMariaDb();
  return new ResilientPrismaMariaDb(databaseUrl, poolSize);
}

/**
 * What every service's PrismaClient takes besides its adapter. `errorFormat: 'minimal'` is what Prisma picks
 * by itself when NODE_ENV is production; set here, every environment runs like production. Any other format
 * makes Prisma capture a stack trace (`new Error()`) on every query, only to point an error message at the
 * calling line: 1.5 % of the saga worker's CPU under load. Prisma's errors keep their own stack.
 */
export const PRISMA_CLIENT_OPTIONS = { errorFormat: 'minimal' } as const;
