import { DEFAULT_STAGES, benchEnvironment, parseBenchOptions } from './bench-options';

describe('parseBenchOptions', () => {
  it('defaults to both parts, the default ramp, port 4700 and the name bench', () => {
    expect(parseBenchOptions([], {})).toEqual({ portBase: 4700, name: 'bench', stages: DEFAULT_STAGES, stageSeconds: 15 });
  });

  it('reads the flags and the BENCH_ variables', () => {
    const options = parseBenchOptions(['--only', 'checkout', '--stages', '10,25', '--stage-seconds', '5'], { BENCH_PORT_BASE: '4900', BENCH_NAME: 'baseline' });
    expect(options).toEqual({ portBase: 4900, name: 'baseline', only: 'checkout', stages: [10, 25], stageSeconds: 5 });
  });

  it('refuses what it does not understand', () => {
    expect(() => parseBenchOptions(['--only', 'writes'], {})).toThrow(/--only writes: not understood/);
    expect(() => parseBenchOptions(['--stages', '10,,25'], {})).toThrow(/not understood/);
    expect(() => parseBenchOptions([], { BENCH_NAME: 'Bench; DROP' })).toThrow(/BENCH_NAME/);
    expect(() => parseBenchOptions([], { BENCH_PORT_BASE: 'x' })).toThrow(/BENCH_PORT_BASE/);
  });
});

describe('benchEnvironment', () => {
  it('moves ports, databases and queue prefix by the options, and keeps the simulator at its default latency', () => {
    const env = benchEnvironment(parseBenchOptions([], { BENCH_PORT_BASE: '4900', BENCH_NAME: 'baseline' }), '/repo', {});
    expect(env).toMatchObject({
      GATEWAY_PORT: '4900',
      PAYMENT_GATEWAY_PORT: '4910',
      ORDERS_DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/retail_baseline_orders',
      PAYMENTS_DATABASE_URL: 'mysql://root@127.0.0.1:3306/retail_baseline_payments',
      QUEUE_PREFIX: 'retail-baseline',
      RESPONSE_CACHE_TTL_SECONDS: '0',
      PAYMENT_GATEWAY_LEDGER_DIR: '/repo/.local/baseline/payment-gateway',
    });
    expect(env.PAYMENT_GATEWAY_LATENCY_MS).toBeUndefined();
  });
});
