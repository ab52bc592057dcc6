import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import {
  startPaymentGatewaySimulator,
  type RunningPaymentGatewaySimulator,
} from '@retail/tools/payment-gateway-simulator/payment-gateway-simulator';
import type { PaymentGatewayConfig } from '../config';
import { HttpPaymentGateway, retryDelayMs } from './http-payment-gateway';
import { PaymentGatewayRequestError, PaymentGatewayUnavailableError } from './payment-gateway';

const API_KEY = 'sk_test_gateway_spec';

describe(HttpPaymentGateway.name, () => {
  let simulator: RunningPaymentGatewaySimulator;
  let config: PaymentGatewayConfig;
  /** Backoff delays the gateway waited: one per retry, so attempts = delays + 1. */
  let delays: number[];
  const recordingSleep = (ms: number) => {
    delays.push(ms);
    return new Promise<void>((resolve) => setTimeout(resolve, ms));
  };
  const gateway = (overrides: Partial<PaymentGatewayConfig> = {}) => new HttpPaymentGateway({ ...config, ...overrides }, recordingSleep);

  beforeAll(async () => {
    Logger.overrideLogger(false);
    simulator = await startPaymentGatewaySimulator({
      host: '127.0.0.1',
      port: 0,
      latencyMs: 0,
      timeoutDelayMs: 500,
      apiKey: API_KEY,
      log: () => undefined,
    });
    config = { url: simulator.url, apiKey: API_KEY, timeoutMs: 250, maxAttempts: 4, retryBaseDelayMs: 10 };
  });

  beforeEach(() => {
    delays = [];
  });

  afterAll(async () => {
    await simulator.close();
    Logger.overrideLogger(['log', 'error', 'warn']);
  });

  const authorizeRequest = (paymentToken: string, orderId = randomUUID()) => ({ orderId, amount: 1500, currency: 'EUR', paymentToken });

  async function chargesFor(orderId: string): Promise<{ charges: number; status: string }[]> {
    const response = await fetch(`${simulator.url}/v1/payments?reference=${orderId}`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    return ((await response.json()) as { data: { charges: number; status: string }[] }).data;
  }

  it('approves tok_visa with the provider payment id', async () => {
    const request = authorizeRequest('tok_visa');
    const result = await gateway().authorize(request);
    expect(result).toEqual({ outcome: 'approved', providerPaymentId: expect.stringMatching(/^pay_/) });
    expect(await chargesFor(request.orderId)).toEqual([expect.objectContaining({ charges: 1, status: 'authorized' })]);
  });

  it('returns a decline as a result and never retries it', async () => {
    const result = await gateway().authorize(authorizeRequest('tok_chargeDeclined'));
    expect(result).toMatchObject({ outcome: 'declined', reason: 'card_declined' });
    expect(delays).toEqual([]);
  });

  it('declines an unknown token as invalid_token', async () => {
    const result = await gateway().authorize(authorizeRequest('tok_bogus'));
    expect(result).toMatchObject({ outcome: 'declined', reason: 'invalid_token' });
  });

  it('retries a 503 and a lost response with the same key, charging exactly once', async () => {
    const request = authorizeRequest('tok_processingError');
    const result = await gateway().authorize(request);
    expect(result).toEqual({ outcome: 'approved', providerPaymentId: expect.any(String) });
    expect(delays).toHaveLength(2);
    expect(await chargesFor(request.orderId)).toEqual([
      expect.objectContaining({ id: (result as { providerPaymentId: string }).providerPaymentId, charges: 1 }),
    ]);
  });

  it('gives up with PaymentGatewayUnavailableError after the last attempt, and the same key later succeeds once', async () => {
    const request = authorizeRequest('tok_processingError');
    const impatient = gateway({ maxAttempts: 2 });
    await expect(impatient.authorize(request)).rejects.toThrow(PaymentGatewayUnavailableError);
    expect(delays).toHaveLength(1);

    const result = await gateway().authorize(request);
    expect(result.outcome).toBe('approved');
    expect(await chargesFor(request.orderId)).toEqual([expect.objectContaining({ charges: 1 })]);
  });

  it('backs off between attempts when the gateway is unreachable', async () => {
    const unreachable = gateway({ url: 'http://127.0.0.1:9', retryBaseDelayMs: 20 });
    await expect(unreachable.authorize(authorizeRequest('tok_visa'))).rejects.toThrow(PaymentGatewayUnavailableError);
    expect(delays).toHaveLength(config.maxAttempts - 1);
    delays.forEach((delay, index) => {
      expect(delay).toBeGreaterThanOrEqual(10 * 2 ** index);
      expect(delay).toBeLessThanOrEqual(20 * 2 ** index);
    });
  });

  it('fails at once, without retrying, when the gateway refuses the credentials', async () => {
    const wrongKey = gateway({ apiKey: 'sk_wrong' });
    await expect(wrongKey.authorize(authorizeRequest('tok_visa'))).rejects.toThrow(PaymentGatewayRequestError);
    expect(delays).toEqual([]);
  });

  it('captures and refunds, replaying a repeated capture instead of failing it', async () => {
    const payments = gateway();
    const { orderId } = authorizeRequest('tok_visa');
    const authorized = await payments.authorize({ ...authorizeRequest('tok_visa'), orderId });
    const providerPaymentId = (authorized as { providerPaymentId: string }).providerPaymentId;

    const captured = await payments.capture({ orderId, providerPaymentId });
    expect(captured).toEqual({ outcome: 'approved', providerPaymentId });
    expect(await payments.capture({ orderId, providerPaymentId })).toEqual(captured);
    expect(await payments.refund({ orderId, providerPaymentId })).toEqual({ outcome: 'approved', providerPaymentId });
    expect(await chargesFor(orderId)).toEqual([expect.objectContaining({ status: 'refunded', charges: 1 })]);
  });

  it('reports an operation the payment state does not allow as declined', async () => {
    const payments = gateway();
    const { orderId } = authorizeRequest('tok_visa');
    const authorized = await payments.authorize({ ...authorizeRequest('tok_visa'), orderId });
    const providerPaymentId = (authorized as { providerPaymentId: string }).providerPaymentId;
    expect(await payments.refund({ orderId, providerPaymentId })).toMatchObject({ outcome: 'declined', reason: 'invalid_state' });
    expect(await payments.void({ orderId, providerPaymentId })).toEqual({ outcome: 'approved', providerPaymentId });
  });
});

describe(retryDelayMs.name, () => {
  it('doubles the nominal delay on every retry', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 100, () => 1))).toEqual([100, 200, 400, 800]);
  });

  it('waits between half and all of the nominal delay, depending on the jitter', () => {
    expect(retryDelayMs(3, 100, () => 0)).toBe(200);
    expect(retryDelayMs(3, 100, () => 0.5)).toBe(300);
  });
});
