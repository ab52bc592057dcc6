import { E2E_ENV, E2E_INSTANCES } from '@test/e2e-environment';

/** Instance k's copy of a process listens 20·k above the first (tools/launcher/system-processes.ts). */
const url = (portVariable: string, path: string, instance = 0) =>
  `http://127.0.0.1:${Number(E2E_ENV[portVariable]) + instance * 20}${path}`;
const INSTANCES = Array.from({ length: E2E_INSTANCES }, (_, instance) => instance);

/** What each process's /health/ready checks, by its port variable. */
const READINESS_CHECKS: Record<string, string[]> = {
  GATEWAY_PORT: ['supergraph', 'redis', 'accounts', 'catalog', 'orders', 'payments'],
  ACCOUNTS_PORT: ['database', 'redis'],
  CATALOG_PORT: ['database'],
  ORDERS_PORT: ['database', 'redis'],
  PAYMENTS_PORT: ['database'],
  ORDERS_WORKER_PORT: ['database', 'redis'],
};

describe('health routes of every process of the running system', () => {
  it.each(Object.entries(READINESS_CHECKS))('%s: live, and ready with every dependency up, in every instance', async (port, checks) => {
    for (const instance of INSTANCES) {
      const live = await fetch(url(port, '/health/live', instance));
      expect({ instance, status: live.status, body: await live.json() }).toEqual({ instance, status: 200, body: { status: 'ok' } });
      const ready = await fetch(url(port, '/health/ready', instance));
      expect({ instance, status: ready.status, body: await ready.json() }).toEqual({
        instance,
        status: 200,
        body: { status: 'ok', checks: Object.fromEntries(checks.map((check) => [check, { status: 'up' }])) },
      });
    }
  });

  it('keeps the payment gateway simulator\'s routes too', async () => {
    for (const path of ['/health', '/health/live', '/health/ready']) {
      expect((await fetch(url('PAYMENT_GATEWAY_PORT', path))).status).toBe(200);
    }
  });
});
