import type { AddressInfo } from 'node:net';
import { Logger, Module, type INestApplication } from '@nestjs/common';
import { DEFAULT_REDIS_URL, createServiceApp, httpLivenessCheck, redisCheck, shutDownGracefully, type ReadinessCheck } from '../src';

@Module({})
class EmptyModule {}

/** An app with the given readiness checks; `routes` adds routes before it listens (Nest's 404 handler comes last). */
async function startApp(
  readiness: ReadinessCheck[],
  routes: (app: INestApplication) => void = () => undefined,
): Promise<{ app: INestApplication; baseUrl: string }> {
  const app = await createServiceApp({ module: EmptyModule }, { logger: false, readiness: () => readiness });
  routes(app);
  await app.listen(0, '127.0.0.1');
  return { app, baseUrl: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

/** A port nothing listens on: bound once by a throwaway app, then closed. */
async function closedPort(): Promise<number> {
  const { app, baseUrl } = await startApp([]);
  await app.close();
  return Number(new URL(baseUrl).port);
}

describe('health routes and graceful shutdown of a service app (real HTTP and Redis)', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('is ready when Redis and the other process answer, and names what does not', async () => {
    const peer = await startApp([]);
    const deadPort = await closedPort();
    const healthy = await startApp([redisCheck(DEFAULT_REDIS_URL), httpLivenessCheck('peer', peer.baseUrl)]);
    const broken = await startApp([redisCheck(`redis://127.0.0.1:${deadPort}`), httpLivenessCheck('peer', `http://127.0.0.1:${deadPort}`)]);
    try {
      expect(await getJson(`${healthy.baseUrl}/health/ready`)).toEqual({
        status: 200,
        body: { status: 'ok', checks: { redis: { status: 'up' }, peer: { status: 'up' } } },
      });
      expect(await getJson(`${broken.baseUrl}/health/ready`)).toEqual({
        status: 503,
        body: {
          status: 'unavailable',
          checks: {
            redis: { status: 'down', error: expect.stringContaining('ECONNREFUSED') },
            peer: { status: 'down', error: 'fetch failed' },
          },
        },
      });
      // Liveness does not depend on anything.
      expect(await getJson(`${broken.baseUrl}/health/live`)).toEqual({ status: 200, body: { status: 'ok' } });
    } finally {
      await Promise.all([peer.app.close(), healthy.app.close(), broken.app.close()]);
    }
  });

  it('on shutdown refuses new connections, lets the request in flight finish, then closes', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const { app, baseUrl } = await startApp([], (built) => {
      const http = built.getHttpAdapter();
      http.get('/work', (_request: unknown, response: unknown) => {
        arrived();
        void released.then(() => http.reply(response, { done: true }, 200));
      });
    });

    const inFlight = fetch(`${baseUrl}/work`).then(async (response) => ({ status: response.status, body: await response.json() }));
    await arrival;
    const shutdown = shutDownGracefully(app, 10_000);
    await expect(fetch(`${baseUrl}/health/live`)).rejects.toThrow('fetch failed');
    release();

    expect(await inFlight).toEqual({ status: 200, body: { done: true } });
    expect(await shutdown).toBe(true);
  });

  it('gives up after the grace period when work in flight does not finish', async () => {
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const { app, baseUrl } = await startApp([], (built) => built.getHttpAdapter().get('/stuck', () => arrived()));
    const stuck = fetch(`${baseUrl}/stuck`).catch(() => 'aborted');
    await arrival;

    expect(await shutDownGracefully(app, 200)).toBe(false);
    app.getHttpServer().closeAllConnections();
    expect(await stuck).toBe('aborted');
  });
});
