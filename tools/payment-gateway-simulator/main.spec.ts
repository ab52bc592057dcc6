import { join, resolve } from 'node:path';
import { ConfigError } from '@retail/common';
import { loadPaymentGatewaySimulatorConfig } from './main';

describe(loadPaymentGatewaySimulatorConfig.name, () => {
  it('defaults to loopback port 4010, 50 ms latency, 5 s lost-response delay, the test API key and a ledger under .local', () => {
    expect(loadPaymentGatewaySimulatorConfig({})).toEqual({
      host: '127.0.0.1',
      port: 4010,
      latencyMs: 50,
      timeoutDelayMs: 5_000,
      apiKey: 'sk_test_simulator',
      ledgerFile: resolve('.local/payment-gateway/ledger.jsonl'),
    });
  });

  it('reads its settings from the environment', () => {
    const config = loadPaymentGatewaySimulatorConfig({
      BIND_HOST: '0.0.0.0',
      PAYMENT_GATEWAY_PORT: '0',
      PAYMENT_GATEWAY_LATENCY_MS: '0',
      PAYMENT_GATEWAY_TIMEOUT_DELAY_MS: '300',
      PAYMENT_GATEWAY_API_KEY: 'sk_other',
      PAYMENT_GATEWAY_LEDGER_DIR: '/var/lib/simulator',
    });
    expect(config).toEqual({
      host: '0.0.0.0',
      port: 0,
      latencyMs: 0,
      timeoutDelayMs: 300,
      apiKey: 'sk_other',
      ledgerFile: join('/var/lib/simulator', 'ledger.jsonl'),
    });
  });

  it('refuses a bad number', () => {
    expect(() => loadPaymentGatewaySimulatorConfig({ PAYMENT_GATEWAY_LATENCY_MS: '-1' })).toThrow(ConfigError);
  });
});
