import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { developmentClientSecret } from '@retail/common';
import { spanToJson, startOtlpReceiver, type RunningOtlpReceiver } from '@retail/tools/telemetry/otlp-receiver';
import { formatSpanTree, isDetailSpan, servicesOf } from '@retail/tools/telemetry/span-tree';
import type { ReceivedSpan } from '@retail/tools/telemetry/otlp-trace-store';
import { readOperations } from '@test/client-operations';
import { E2E_ENV, E2E_GATEWAY_URL, E2E_OTLP_RECEIVER_PORT, E2E_SYSTEM_LOG } from '@test/e2e-environment';
import { gql } from '@test/graphql-client';
import { createProduct, eventually, loginAdmin, registerCustomer, send, sendOk, waitForTerminalOrder, type Session } from '@test/shop-client';

/** The processes a checkout crosses (accounts too, when a service token is renewed on the way). */
const EVERY_PROCESS = ['catalog', 'gateway', 'orders', 'orders-worker', 'payment-gateway-simulator', 'payments'];
const FORWARD_STEPS = ['RESERVE_STOCK', 'AUTHORIZE_PAYMENT', 'CAPTURE_PAYMENT', 'COMMIT_STOCK', 'CONFIRM_ORDER'];
const port = (name: string) => Number(E2E_ENV[name]);

/** A W3C traceparent for a client span of our own, so the test knows the id of the trace it starts. */
function clientTraceparent(): { traceId: string; spanId: string; header: string } {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, header: `00-${traceId}-${spanId}-01` };
}

/** The value of a Prometheus series with (at least) these labels, in any order; undefined if absent. */
function seriesValue(metrics: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of metrics.split('\n')) {
    const match = line.match(/^([a-z_]+)\{(.*)\} (\S+)$/);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...match[2]!.matchAll(/([a-z_]+)="([^"]*)"/g)].map((pair) => [pair[1], pair[2]]));
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) return Number(match[3]);
  }
  return undefined;
}

/** Spans whose parent is neither in the trace nor the client's own span: breaks in the trace. */
function orphans(spans: readonly ReceivedSpan[], clientSpanId: string): ReceivedSpan[] {
  const ids = new Set(spans.map((span) => span.spanId));
  return spans.filter((span) => span.parentSpanId !== clientSpanId && !(span.parentSpanId && ids.has(span.parentSpanId)));
}

describe('telemetry of a checkout', () => {
  let receiver: RunningOtlpReceiver;
  let admin: Session;
  let customer: Session;

  beforeAll(async () => {
    receiver = await startOtlpReceiver(E2E_OTLP_RECEIVER_PORT);
    admin = await loginAdmin();
    customer = await registerCustomer();
  });

  afterAll(async () => {
    await receiver?.close();
  });

  it('records one connected trace from placeOrder through every process and saga step', async () => {
    const product = await createProduct(admin, { priceAmount: 990, initialStock: 3 });
    const client = clientTraceparent();
    const placed = await gql(
      E2E_GATEWAY_URL,
      readOperations().get('PlaceOrder')!,
      { input: { items: [{ productId: product.id, quantity: 1 }], paymentToken: 'tok_visa' } },
      { token: customer.accessToken, headers: { traceparent: client.header } },
    );
    expect(placed.errors).toBeUndefined();
    const order = await waitForTerminalOrder(placed.data!.placeOrder.id, customer.accessToken);
    expect(order.status).toBe('CONFIRMED');

    // Spans arrive in batches from seven processes: wait until the trace is whole.
    const spans = await eventually(async () => {
      const trace = receiver.store.trace(client.traceId);
      expect(servicesOf(trace)).toEqual(expect.arrayContaining(EVERY_PROCESS));
      const steps = trace.filter((span) => span.service === 'orders-worker').map((span) => span.attributes['saga.step']);
      expect(steps).toEqual(expect.arrayContaining(FORWARD_STEPS));
      expect(orphans(trace, client.spanId).map((span) => `${span.service}: ${span.name}`)).toEqual([]);
      return trace;
    }, 45_000);

    // Entered at the gateway, under the client's span; everything else hangs below it.
    const entries = spans.filter((span) => span.parentSpanId === client.spanId);
    expect(entries.map((span) => span.service)).toEqual(['gateway']);
    expect(spans.filter((span) => span.service === 'orders-worker' && span.attributes['saga.order_id'] === order.id).length)
      .toBeGreaterThanOrEqual(FORWARD_STEPS.length);
    // Kept for a look (print-span-tree reads it): the README shows this trace.
    writeFileSync(join(dirname(E2E_SYSTEM_LOG), 'checkout-trace.json'), JSON.stringify(spans.map(spanToJson)));
    process.stdout.write(`Span tree of the checkout trace ${client.traceId}:\n${formatSpanTree(spans, isDetailSpan)}\n`);
    // Database work is in the trace: the orders transaction (pg) and the payments rows (Prisma on MariaDB).
    const postgres = (span: ReceivedSpan) => span.attributes['db.system.name'] === 'postgresql';
    expect(spans.some((span) => span.service === 'orders' && postgres(span))).toBe(true);
    expect(spans.some((span) => span.service === 'payments' && span.name.startsWith('prisma:'))).toBe(true);
  }, 90_000);

  it('puts the request id and trace id in error responses', async () => {
    const client = clientTraceparent();
    const refused = await gql(
      E2E_GATEWAY_URL,
      readOperations().get('Order')!,
      { id: randomUUID() },
      { token: customer.accessToken, headers: { traceparent: client.header, 'x-request-id': 'telemetry-e2e-1' } },
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ requestId: 'telemetry-e2e-1', traceId: client.traceId });
  });

  it('serves Prometheus metrics on every process', async () => {
    await sendOk('Products', { first: 1 });
    const metricsOf = async (portVariable: string) => {
      const response = await fetch(`http://127.0.0.1:${port(portVariable)}/metrics`);
      expect(response.headers.get('content-type')).toContain('text/plain');
      return response.text();
    };
    const gateway = await metricsOf('GATEWAY_PORT');
    const requests = { service: 'gateway', operation: 'Products', outcome: 'ok' };
    expect(seriesValue(gateway, 'graphql_request_duration_seconds_count', requests)).toBeGreaterThan(0);
    expect(seriesValue(gateway, 'gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'catalog', outcome: 'ok' })).toBeGreaterThan(0);
    expect(seriesValue(gateway, 'process_resident_memory_bytes', { service: 'gateway' })).toBeGreaterThan(0);
    for (const [variable, service] of [
      ['ACCOUNTS_PORT', 'accounts'],
      ['CATALOG_PORT', 'catalog'],
      ['ORDERS_PORT', 'orders'],
      ['PAYMENTS_PORT', 'payments'],
    ]) {
      const metrics = await metricsOf(variable!);
      expect(seriesValue(metrics, 'graphql_request_duration_seconds_count', { service: service!, outcome: 'ok' })).toBeGreaterThan(0);
    }
    const payments = await metricsOf('PAYMENTS_PORT');
    const authorized = { operation: 'authorize', outcome: 'approved' };
    expect(seriesValue(payments, 'payment_gateway_call_duration_seconds_count', authorized)).toBeGreaterThan(0);
    const simulator = await metricsOf('PAYMENT_GATEWAY_PORT');
    expect(seriesValue(simulator, 'process_resident_memory_bytes', { service: 'payment-gateway-simulator' })).toBeGreaterThan(0);

    // The saga: steps by outcome, end states, its state read at scrape time (earlier tests checked out orders).
    const worker = await metricsOf('ORDERS_WORKER_PORT');
    const reserved = { service: 'orders-worker', step: 'RESERVE_STOCK', outcome: 'completed' };
    expect(seriesValue(worker, 'checkout_step_duration_seconds_count', reserved)).toBeGreaterThan(0);
    expect(seriesValue(worker, 'checkout_sagas', { state: 'parked' })).toBe(0);
    expect(seriesValue(worker, 'checkout_queue_jobs', { queue: 'checkout.reserve-stock', state: 'failed' })).toBe(0);
    expect(seriesValue(worker, 'outbox_backlog_messages', {})).toBeGreaterThanOrEqual(0);
    expect(seriesValue(worker, 'outbox_publish_lag_seconds_count', {})).toBeGreaterThan(0);
    const confirmed = (metrics: string) => seriesValue(metrics, 'checkout_order_status_changes_total', { status: 'CONFIRMED' }) ?? 0;
    expect(confirmed(worker) + confirmed(await metricsOf('ORDERS_PORT'))).toBeGreaterThan(0);
  });

  it('counts failed and throttled sign-ins', async () => {
    const email = `throttled-${randomUUID()}@example.com`;
    for (let attempt = 0; attempt < 6; attempt++) await send('Login', { email, password: 'wrong-password-1' });
    const text = await (await fetch(`http://127.0.0.1:${port('ACCOUNTS_PORT')}/metrics`)).text();
    expect(seriesValue(text, 'accounts_sign_in_failures_total', { service: 'accounts' })).toBeGreaterThanOrEqual(5);
    expect(seriesValue(text, 'accounts_sign_ins_throttled_total', { limit: 'account' })).toBeGreaterThanOrEqual(1);
  });

  it('writes structured log lines with their context, and never a secret', async () => {
    // Values a session uses that must never reach a log line, exercised once more here.
    const password = `Pw-${randomUUID()}`;
    const email = `logs-${randomUUID()}@example.com`;
    const { register } = await sendOk('Register', { email, password, name: 'Log Reader' });
    await send('Login', { email, password: 'not-the-password-1' });
    const { login } = await sendOk('Login', { email, password });
    const { refreshSession } = await sendOk('RefreshSession', { refreshToken: login.refreshToken });
    const product = await createProduct(admin, { priceAmount: 500, initialStock: 2 });
    const declined = await sendOk(
      'PlaceOrder',
      { input: { items: [{ productId: product.id, quantity: 1 }], paymentToken: 'tok_chargeDeclined' } },
      login.accessToken,
    );
    const declinedOrder = await waitForTerminalOrder(declined.placeOrder.id, login.accessToken);
    expect(declinedOrder.status).toBe('CANCELLED');

    const secrets = [
      password,
      'correct-horse-42',
      E2E_ENV.ADMIN_PASSWORD!,
      register.accessToken,
      register.refreshToken,
      login.accessToken,
      login.refreshToken,
      refreshSession.accessToken,
      refreshSession.refreshToken,
      admin.accessToken,
      'tok_visa',
      'tok_chargeDeclined',
      E2E_ENV.PAYMENT_GATEWAY_API_KEY ?? 'sk_test_simulator',
      developmentClientSecret('gateway'),
      developmentClientSecret('orders'),
    ];

    const records = await eventually(async () => {
      const lines = readFileSync(E2E_SYSTEM_LOG, 'utf8').split('\n');
      const parsed = lines
        .map((line) => line.match(/^\[([a-z-]+)\] (\{.*)$/))
        .filter((match): match is RegExpMatchArray => match !== null && !match[1]!.startsWith('seed'))
        .map((match) => ({ process: match[1]!, record: JSON.parse(match[2]!) as Record<string, unknown> }));
      expect(parsed.some(({ record }) => record.orderId === declinedOrder.id && record.step === 'CANCEL_ORDER')).toBe(true);
      return { lines, parsed };
    });

    // Every line a service writes is one JSON object with the service and level, and no colour codes.
    const serviceLines = records.lines.filter((line) => /^\[(gateway|accounts|catalog|orders|orders-worker|payments|payment-gateway)\] /.test(line));
    expect(serviceLines.length).toBeGreaterThan(0);
    for (const line of serviceLines) expect(line).toMatch(/^\[[a-z-]+\] \{"time":"[^"]+","level":"(error|warn|info|debug)","service":"[a-z-]+"/);
    expect(readFileSync(E2E_SYSTEM_LOG, 'utf8')).not.toContain('\u001b[');
    // Saga steps log their start and outcome with the order and step; request lines carry ids.
    const sagaLines = records.parsed.filter(({ record }) => record.orderId === declinedOrder.id);
    expect(sagaLines.map(({ record }) => record.step)).toEqual(expect.arrayContaining(['RESERVE_STOCK', 'AUTHORIZE_PAYMENT']));
    expect(sagaLines.every(({ record }) => record.service === 'orders-worker' || record.service === 'orders')).toBe(true);
    expect(sagaLines.some(({ record }) => typeof record.traceId === 'string')).toBe(true);

    const log = readFileSync(E2E_SYSTEM_LOG, 'utf8');
    const leaked = secrets.filter((secret) => log.includes(secret));
    expect(leaked).toEqual([]);
  });
});
