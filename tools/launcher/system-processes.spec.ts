import { INSTANCE_PORT_STEP, systemProcesses } from './system-processes';

describe(systemProcesses.name, () => {
  it('runs one copy of every process, probed on /health/ready, with the environment as it is', () => {
    const { simulator, instances } = systemProcesses({});
    expect(simulator.readiness.url).toBe('http://127.0.0.1:4010/health/ready');
    expect(instances).toHaveLength(1);
    const [only] = instances;
    expect(only!.backends.map((spec) => [spec.name, spec.readiness.url, spec.env])).toEqual([
      ['accounts', 'http://127.0.0.1:4001/health/ready', {}],
      ['catalog', 'http://127.0.0.1:4002/health/ready', {}],
      ['orders', 'http://127.0.0.1:4003/health/ready', {}],
      ['payments', 'http://127.0.0.1:4004/health/ready', {}],
      ['orders-worker', 'http://127.0.0.1:4005/health/ready', {}],
    ]);
    expect(only!.gateway).toMatchObject({ name: 'gateway', readiness: { url: 'http://127.0.0.1:4000/health/ready' } });
    expect(only!.gatewayUrl).toBe('http://127.0.0.1:4000/graphql');
  });

  it('shifts every port of the second copy, which calls its own copies of the subgraphs', () => {
    const { instances } = systemProcesses({ GATEWAY_PORT: '5600', ACCOUNTS_URL: 'https://localhost:5601' }, 2);
    const second = instances[1]!;
    expect(INSTANCE_PORT_STEP).toBe(20);
    expect(second.gateway.name).toBe('gateway#2');
    expect(second.gatewayUrl).toBe('http://127.0.0.1:5620/graphql');
    expect(second.gateway.env).toEqual({
      GATEWAY_PORT: '5620',
      GATEWAY_URL: 'http://127.0.0.1:5620',
      ACCOUNTS_PORT: '5621',
      ACCOUNTS_URL: 'https://localhost:5621',
      CATALOG_PORT: '4022',
      CATALOG_URL: 'http://127.0.0.1:4022',
      ORDERS_PORT: '4023',
      ORDERS_URL: 'http://127.0.0.1:4023',
      PAYMENTS_PORT: '4024',
      PAYMENTS_URL: 'http://127.0.0.1:4024',
      ORDERS_WORKER_PORT: '4025',
      ORDERS_WORKER_URL: 'http://127.0.0.1:4025',
    });
    expect(second.backends.map((spec) => spec.name)).toEqual(['accounts#2', 'catalog#2', 'orders#2', 'payments#2', 'orders-worker#2']);
    expect(instances[0]!.gateway.name).toBe('gateway#1');
  });
});
