import { ProcessHealth, READINESS_CHECK_TIMEOUT_MS } from './health';

describe(ProcessHealth.name, () => {
  it('is ready when every check passes', async () => {
    const health = new ProcessHealth([
      { name: 'database', check: async () => undefined },
      { name: 'redis', check: async () => undefined },
    ]);
    expect(await health.readiness()).toEqual({ status: 'ok', checks: { database: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('names the failing check and its reason', async () => {
    const health = new ProcessHealth([
      { name: 'database', check: async () => undefined },
      { name: 'redis', check: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6399')) },
    ]);
    expect(await health.readiness()).toEqual({
      status: 'unavailable',
      checks: { database: { status: 'up' }, redis: { status: 'down', error: 'connect ECONNREFUSED 127.0.0.1:6399' } },
    });
  });

  it('counts a check that never answers as down instead of hanging the probe', async () => {
    jest.useFakeTimers();
    try {
      const health = new ProcessHealth([{ name: 'subgraph', check: () => new Promise<void>(() => undefined) }]);
      const report = health.readiness();
      await jest.advanceTimersByTimeAsync(READINESS_CHECK_TIMEOUT_MS);
      expect(await report).toEqual({
        status: 'unavailable',
        checks: { subgraph: { status: 'down', error: `no answer within ${READINESS_CHECK_TIMEOUT_MS} ms` } },
      });
    } finally {
      jest.useRealTimers();
    }
  });

  it('reports not ready once shutting down, even with healthy dependencies', async () => {
    const health = new ProcessHealth([{ name: 'database', check: async () => undefined }]);
    health.markShuttingDown();
    expect(await health.readiness()).toEqual({ status: 'unavailable', reason: 'shutting down', checks: { database: { status: 'up' } } });
  });
});
