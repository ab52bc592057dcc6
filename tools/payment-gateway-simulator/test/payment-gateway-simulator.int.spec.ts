import { randomUUID } from 'node:crypto';
import {
  startPaymentGatewaySimulator,
  type RunningPaymentGatewaySimulator,
} from '../payment-gateway-simulator';

const API_KEY = 'sk_test_simulator_spec';
const TIMEOUT_DELAY_MS = 500;

describe('PaymentGatewaySimulator', () => {
  let simulator: RunningPaymentGatewaySimulator;
  const logLines: string[] = [];

  beforeAll(async () => {
    simulator = await startPaymentGatewaySimulator({
      host: '127.0.0.1',
      port: 0,
      latencyMs: 0,
      timeoutDelayMs: TIMEOUT_DELAY_MS,
      apiKey: API_KEY,
      log: (line) => logLines.push(line),
    });
  });

  afterAll(() => simulator.close());

  async function call(
    method: 'GET' | 'POST',
    path: string,
    { body, key, apiKey = API_KEY, signal }: { body?: unknown; key?: string; apiKey?: string | null; signal?: AbortSignal } = {},
  ): Promise<{ status: number; body: any }> {
    const response = await fetch(`${simulator.url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    return { status: response.status, body: await response.json() };
  }

  /** Retries `assertion` until it passes or a second has gone by. */
  async function eventually(assertion: () => Promise<void>): Promise<void> {
    const deadline = Date.now() + 1_000;
    for (;;) {
      try {
        return await assertion();
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  }

  const authorization = (token: string, reference: string = randomUUID()) => ({ amount: 2599, currency: 'EUR', token, reference });
  const authorize = (token: string, reference: string = randomUUID()) =>
    call('POST', '/v1/authorizations', { body: authorization(token, reference), key: `order:${reference}:authorize` });
  const chargesOf = async (reference: string) =>
    (await call('GET', `/v1/payments?reference=${reference}`)).body.data as { charges: number; status: string }[];

  it('answers the health checks without credentials', async () => {
    for (const path of ['/health', '/health/live', '/health/ready']) {
      expect({ path, ...(await call('GET', path, { apiKey: null })) }).toEqual({ path, status: 200, body: { status: 'ok' } });
    }
  });

  it('rejects requests without the API key', async () => {
    const response = await call('POST', '/v1/authorizations', { body: authorization('tok_visa'), key: randomUUID(), apiKey: 'sk_wrong' });
    expect(response.status).toBe(401);
  });

  it('requires an Idempotency-Key on POST', async () => {
    const response = await call('POST', '/v1/authorizations', { body: authorization('tok_visa') });
    expect(response).toMatchObject({ status: 400, body: { error: { type: 'invalid_request' } } });
  });

  it('rejects a malformed body without remembering the key', async () => {
    const key = randomUUID();
    const bad = await call('POST', '/v1/authorizations', { body: { amount: -1, currency: 'euro' }, key });
    expect(bad).toMatchObject({ status: 400, body: { error: { type: 'invalid_request' } } });
    const good = await call('POST', '/v1/authorizations', { body: authorization('tok_visa'), key });
    expect(good.status).toBe(201);
  });

  it('approves tok_visa with an authorized payment', async () => {
    const reference = randomUUID();
    const response = await authorize('tok_visa', reference);
    expect(response).toMatchObject({ status: 201, body: { status: 'authorized', amount: 2599, currency: 'EUR', reference } });
    expect(response.body.id).toEqual(expect.any(String));
    expect(await chargesOf(reference)).toEqual([expect.objectContaining({ charges: 1, status: 'authorized' })]);
  });

  it('declines tok_chargeDeclined with card_declined and creates nothing', async () => {
    const reference = randomUUID();
    const response = await authorize('tok_chargeDeclined', reference);
    expect(response).toMatchObject({ status: 402, body: { error: { type: 'card_declined' } } });
    expect(await chargesOf(reference)).toEqual([]);
  });

  it('answers invalid_token for an unknown token', async () => {
    expect(await authorize('tok_unknown')).toMatchObject({ status: 402, body: { error: { type: 'invalid_token' } } });
  });

  it('replays the first response for the same key and body, charging once', async () => {
    const reference = randomUUID();
    const first = await authorize('tok_visa', reference);
    const second = await authorize('tok_visa', reference);
    expect(second).toEqual(first);
    expect(await chargesOf(reference)).toEqual([expect.objectContaining({ charges: 1 })]);
  });

  it('refuses the same key with a different body', async () => {
    const reference = randomUUID();
    await authorize('tok_visa', reference);
    const response = await call('POST', '/v1/authorizations', {
      body: { ...authorization('tok_visa', reference), amount: 1 },
      key: `order:${reference}:authorize`,
    });
    expect(response).toMatchObject({ status: 409, body: { error: { type: 'idempotency_conflict' } } });
  });

  describe('tok_processingError', () => {
    it('fails with 503, then holds back the response of a created charge, then replays it: one charge', async () => {
      const reference = randomUUID();
      const key = `order:${reference}:authorize`;
      const body = authorization('tok_processingError', reference);

      const first = await call('POST', '/v1/authorizations', { body, key });
      expect(first).toMatchObject({ status: 503, body: { error: { type: 'processing_error' } } });

      const caller = new AbortController();
      let answered = false;
      const lost = call('POST', '/v1/authorizations', { body, key, signal: caller.signal }).finally(() => (answered = true));
      const lostFailure = expect(lost).rejects.toThrow();
      await eventually(async () => expect(await chargesOf(reference)).toEqual([expect.objectContaining({ charges: 1 })]));
      expect(answered).toBe(false);
      caller.abort();
      await lostFailure;

      const third = await call('POST', '/v1/authorizations', { body, key });
      expect(third).toMatchObject({ status: 201, body: { status: 'authorized', reference } });
      expect(await chargesOf(reference)).toEqual([expect.objectContaining({ id: third.body.id, charges: 1 })]);
    });

    it('delivers the delayed response to a client that waits long enough', async () => {
      const reference = randomUUID();
      expect((await authorize('tok_processingError', reference)).status).toBe(503);
      const started = Date.now();
      const second = await authorize('tok_processingError', reference);
      expect(second.status).toBe(201);
      expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_DELAY_MS - 10);
    });
  });

  describe('capture, void and refund', () => {
    const act = (id: string, action: string, key: string = randomUUID()) => call('POST', `/v1/payments/${id}/${action}`, { body: {}, key });

    it('captures then refunds an authorized payment', async () => {
      const { body: payment } = await authorize('tok_visa');
      expect(await act(payment.id, 'capture')).toMatchObject({ status: 200, body: { id: payment.id, status: 'captured' } });
      expect(await act(payment.id, 'refund')).toMatchObject({ status: 200, body: { status: 'refunded' } });
    });

    it('voids an authorized payment, after which it cannot be captured', async () => {
      const { body: payment } = await authorize('tok_visa');
      expect(await act(payment.id, 'void')).toMatchObject({ status: 200, body: { status: 'voided' } });
      expect(await act(payment.id, 'capture')).toMatchObject({ status: 409, body: { error: { type: 'invalid_state' } } });
    });

    it('refuses to refund a payment that is not captured', async () => {
      const { body: payment } = await authorize('tok_visa');
      expect(await act(payment.id, 'refund')).toMatchObject({ status: 409, body: { error: { type: 'invalid_state' } } });
    });

    it('replays a capture by its idempotency key', async () => {
      const { body: payment } = await authorize('tok_visa');
      const key = `order:${payment.reference}:capture`;
      const first = await act(payment.id, 'capture', key);
      expect(await act(payment.id, 'capture', key)).toEqual(first);
    });

    it('answers 404 for an unknown payment', async () => {
      expect((await act('pay_unknown', 'capture')).status).toBe(404);
    });
  });

  it('logs one line per request', async () => {
    const before = logLines.length;
    await call('GET', '/health');
    expect(logLines.length).toBe(before + 1);
    expect(logLines[logLines.length - 1]).toMatch(/^GET \/health 200 \d+ms$/);
  });
});
