import { ConfigError } from '@retail/common';
import { loadPaymentsConfig } from './config';

describe(loadPaymentsConfig.name, () => {
  it('defaults to the local payment gateway simulator with a 2 s timeout and 4 attempts', () => {
    expect(loadPaymentsConfig({}).paymentGateway).toEqual({
      url: 'http://127.0.0.1:4010',
      apiKey: 'sk_test_simulator',
      timeoutMs: 2_000,
      maxAttempts: 4,
      retryBaseDelayMs: 100,
    });
  });

  it('reads the gateway from the environment', () => {
    const config = loadPaymentsConfig({
      PAYMENT_GATEWAY_URL: 'https://gateway.example.com/',
      PAYMENT_GATEWAY_API_KEY: 'sk_live_x',
      PAYMENT_GATEWAY_TIMEOUT_MS: '500',
      PAYMENT_GATEWAY_MAX_ATTEMPTS: '2',
    });
    expect(config.paymentGateway).toMatchObject({ url: 'https://gateway.example.com', apiKey: 'sk_live_x', timeoutMs: 500, maxAttempts: 2 });
    expect(config.databaseUrl).toBe('mysql://root@127.0.0.1:3306/retail_payments');
  });

  it('lists every bad variable at once', () => {
    const load = () => loadPaymentsConfig({ PAYMENT_GATEWAY_TIMEOUT_MS: 'soon', PAYMENT_GATEWAY_MAX_ATTEMPTS: '0' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/PAYMENT_GATEWAY_TIMEOUT_MS[\s\S]*PAYMENT_GATEWAY_MAX_ATTEMPTS/);
  });
});
