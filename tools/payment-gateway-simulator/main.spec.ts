import { ConfigError } from '@retail/common';
import { loadPaymentGatewaySimulatorConfig } from './main';

describe(loadPaymentGatewaySimulatorConfig.name, () => {
  it('defaults to loopback port 4010, 50 ms latency, 5 s lost-response delay and the test API key', () => {
    expect(loadPaymentGatewaySimulatorConfig({})).toEqual({
      host: '127.0.0.1',
      port: 4010,
      latencyMs: 50,
      timeoutDelayMs: 5_000,
      apiKey: 'sk_test_simulator',
    });
  });

  it('reads its settings from the environment', () => {
    const config = loadPaymentGatewaySimulatorConfig({
      BIND_HOST: '0.0.0.0',
      PAYMENT_GATEWAY_PORT: '0',
      PAYMENT_GATEWAY_LATENCY_MS: '0',
      PAYMENT_GATEWAY_TIMEOUT_DELAY_MS: '300',
      PAYMENT_GATEWAY_API_KEY: 'sk_other',
    });
    expect(config).toEqual({ host: '0.0.0.0', port: 0, latencyMs: 0, timeoutDelayMs: 300, apiKey: 'sk_other' });
  });

  it('refuses a bad number', () => {
    expect(() => loadPaymentGatewaySimulatorConfig({ PAYMENT_GATEWAY_LATENCY_MS: '-1' })).toThrow(ConfigError);
  });
});
