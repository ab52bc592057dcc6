import type { INestApplication } from '@nestjs/common';

/**
 * One dependency a process needs before it can serve: a database, Redis, the subgraphs behind the gateway.
 * `check` resolves when the dependency answers and rejects (with a reason) when it does not.
 */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  /** Why the process is not ready as a whole, e.g. it is shutting down. */
  reason?: string;
  checks: Record<string, { status: 'up' | 'down'; error?: string }>;
}

/** How long one readiness check may take before it counts as down: a probe must never hang. */
export const READINESS_CHECK_TIMEOUT_MS = 3_000;

/**
 * The health of one process, answered without credentials on
 * - `GET /health/live`: the process runs and serves HTTP (a failure means: restart it);
 * - `GET /health/ready`: it can do its work now, every readiness check passes and it is not shutting down
 *   (a failure means: send it no traffic), 503 with the failing checks otherwise;
 * - `GET /health`: the same as `/health/live`, kept for probes written before the split.
 */
export class ProcessHealth {
  private shuttingDown = false;

  constructor(private readonly checks: ReadinessCheck[] = []) {}

  /** From now on the process reports not ready, so load balancers stop sending it work. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  async readiness(): Promise<HealthReport> {
    const results = await Promise.all(this.checks.map(async ({ name, check }) => [name, await runCheck(check)] as const));
    const checks = Object.fromEntries(results);
    const failing = results.some(([, result]) => result.status === 'down');
    if (this.shuttingDown) return { status: 'unavailable', reason: 'shutting down', checks };
    return { status: failing ? 'unavailable' : 'ok', checks };
  }

  mount(app: INestApplication): void {
    const http = app.getHttpAdapter();
    const live = (_request: unknown, response: unknown) => http.reply(response, { status: 'ok' }, 200);
    http.get('/health/live', live);
    http.get('/health', live);
    http.get('/health/ready', (_request: unknown, response: unknown) => {
      void this.readiness().then((report) => http.reply(response, report, report.status === 'ok' ? 200 : 503));
    });
  }
}

async function runCheck(check: () => Promise<void>): Promise<{ status: 'up' | 'down'; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${READINESS_CHECK_TIMEOUT_MS} ms`)), READINESS_CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { status: 'up' };
  } catch (error) {
    // Not `instanceof Error`: errors from fetch or a driver may come from another realm (e.g. a test sandbox).
    const message = (error as { message?: unknown } | null)?.message;
    return { status: 'down', error: typeof message === 'string' ? message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** A database reached through Prisma (PostgreSQL or MariaDB): `SELECT 1`. */
export function databaseCheck(name: string, prisma: { $queryRawUnsafe(query: string): Promise<unknown> }): ReadinessCheck {
  return { name, check: async () => void (await prisma.$queryRawUnsafe('SELECT 1')) };
}

/**
 * Redis answers PING, on a connection opened for this probe and closed after it: a probe then says whether this
 * process can reach Redis now, and no connection outlives the app.
 */
export function redisCheck(redisUrl: string): ReadinessCheck {
  return {
    name: 'redis',
    async check() {
      // Loaded here: processes that use Redis for nothing else (catalog, payments) need not hold the client.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { default: Redis } = require('ioredis') as typeof import('ioredis');
      const redis = new Redis(redisUrl, {
        lazyConnect: true,
        connectTimeout: READINESS_CHECK_TIMEOUT_MS,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      // The socket's own error (e.g. ECONNREFUSED) says more than connect()'s "Connection is closed"; listening
      // also keeps ioredis from printing it.
      let socketError: Error | undefined;
      redis.on('error', (error: Error) => (socketError ??= error));
      try {
        await redis.connect();
        await redis.ping();
      } catch (error) {
        throw socketError ?? error;
      } finally {
        redis.disconnect();
      }
    },
  };
}

/** Another process of the system answers its own liveness route, e.g. a subgraph behind the gateway. */
export function httpLivenessCheck(name: string, baseUrl: string): ReadinessCheck {
  return {
    name,
    async check() {
      const response = await fetch(`${baseUrl}/health/live`, { signal: AbortSignal.timeout(READINESS_CHECK_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`${baseUrl}/health/live answered ${response.status}`);
    },
  };
}
