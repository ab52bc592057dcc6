import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startPaymentGatewaySimulator,
  type RunningPaymentGatewaySimulator,
} from '../payment-gateway-simulator';

const API_KEY = 'sk_test_ledger_spec';

/** The simulator keeps a durable ledger: a restart forgets nothing, and the ledger can be listed over HTTP. */
describe('payment gateway simulator ledger', () => {
  let dir: string;
  let ledgerFile: string;
  let simulator: RunningPaymentGatewaySimulator | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'simulator-ledger-'));
    ledgerFile = join(dir, 'ledger.jsonl');
  });

  afterEach(async () => {
    await simulator?.close();
    simulator = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async () => {
    simulator = await startPaymentGatewaySimulator({
      host: '127.0.0.1',
      port: 0,
      latencyMs: 0,
      timeoutDelayMs: 100,
      apiKey: API_KEY,
      ledgerFile,
      log: () => undefined,
    });
  };
  const restart = async () => {
    await simulator?.close();
    await start();
  };

  async function call(method: 'GET' | 'POST', path: string, { body, key }: { body?: unknown; key?: string } = {}) {
    const response = await fetch(`${simulator!.url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${API_KEY}`,
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  const authorize = (token: string, reference: string) =>
    call('POST', '/v1/authorizations', {
      body: { amount: 1250, currency: 'USD', token, reference },
      key: `order:${reference}:authorize`,
    });
  const act = (id: string, action: string, reference: string) =>
    call('POST', `/v1/payments/${id}/${action}`, { body: {}, key: `order:${reference}:${action}` });
  const ledger = async (query = '') => (await call('GET', `/v1/ledger${query}`)).body.data as any[];

  it('remembers authorizations, captures, voids and declines across a restart', async () => {
    await start();
    const captured = randomUUID();
    const voided = randomUUID();
    const declined = randomUUID();
    const { body: first } = await authorize('tok_visa', captured);
    await act(first.id, 'capture', captured);
    const { body: second } = await authorize('tok_visa', voided);
    await act(second.id, 'void', voided);
    expect((await authorize('tok_chargeDeclined', declined)).status).toBe(402);

    await restart();

    const payments = (await call('GET', '/v1/payments')).body.data;
    expect(payments).toEqual([
      expect.objectContaining({ id: first.id, status: 'captured', reference: captured, charges: 1 }),
      expect.objectContaining({ id: second.id, status: 'voided', reference: voided, charges: 1 }),
    ]);
    // A retry with a known key gets the first answer, and charges nothing more.
    expect(await authorize('tok_visa', captured)).toEqual({ status: 201, body: first });
    expect((await authorize('tok_chargeDeclined', declined)).body).toMatchObject({ error: { type: 'card_declined' } });
    expect((await call('GET', `/v1/payments?reference=${captured}`)).body.data).toEqual([
      expect.objectContaining({ charges: 1 }),
    ]);
    // A payment authorized before the restart can be refunded after it.
    expect(await act(first.id, 'refund', captured)).toMatchObject({ status: 200, body: { status: 'refunded' } });
  });

  it('has every answered request on disk when its answer arrives, also when many arrive at once', async () => {
    await start();
    const references = Array.from({ length: 20 }, () => randomUUID());
    const onDisk = () => readFileSync(ledgerFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
    const answered = await Promise.all(
      references.map(async (reference) => {
        const { status, body } = await authorize('tok_visa', reference);
        // Read the file the moment this answer arrives: its entry must already be there.
        return { status, id: body.id, written: onDisk().some((entry) => entry.paymentId === body.id) };
      }),
    );
    expect(answered.every((answer) => answer.status === 201 && answer.written)).toBe(true);
    expect(onDisk().map((entry) => entry.sequence)).toEqual(references.map((_, i) => i + 1));
  });

  it('lists its ledger per payment, per idempotency key and per reference', async () => {
    await start();
    const reference = randomUUID();
    const { body: payment } = await authorize('tok_visa', reference);
    await act(payment.id, 'capture', reference);
    await authorize('tok_chargeDeclined', randomUUID());

    const all = await ledger();
    expect(all.map((entry) => [entry.sequence, entry.action, entry.response.status])).toEqual([
      [1, 'authorize', 201],
      [2, 'capture', 200],
      [3, 'authorize', 402],
    ]);
    expect((await ledger(`?payment=${payment.id}`)).map((entry) => entry.action)).toEqual(['authorize', 'capture']);
    expect(await ledger(`?idempotency_key=order:${reference}:capture`)).toEqual([
      expect.objectContaining({
        action: 'capture',
        paymentId: payment.id,
        reference,
        response: { status: 200, body: expect.objectContaining({ status: 'captured', amount: 1250 }) },
      }),
    ]);
    expect((await ledger(`?reference=${reference}`)).length).toBe(2);
    expect(await ledger('?payment=pay_unknown')).toEqual([]);
  });

  it('requires the API key to read the ledger', async () => {
    await start();
    const response = await fetch(`${simulator!.url}/v1/ledger`);
    expect(response.status).toBe(401);
  });

  it('drops half a line a crash left at the end, and appends after the last whole one', async () => {
    await start();
    const reference = randomUUID();
    const { body: payment } = await authorize('tok_visa', reference);
    await simulator!.close();
    simulator = undefined;
    appendFileSync(ledgerFile, '{"sequence":2,"at":"2026-');

    await start();
    expect(await ledger()).toHaveLength(1);
    await act(payment.id, 'capture', reference);
    const lines = readFileSync(ledgerFile, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line).action)).toEqual(['authorize', 'capture']);
  });

  it('refuses to start on a ledger damaged in the middle', async () => {
    writeFileSync(ledgerFile, 'not json\n{"sequence":2}\n');
    await expect(start()).rejects.toThrow(/ledger\.jsonl:1 is not a ledger entry/);
  });
});
