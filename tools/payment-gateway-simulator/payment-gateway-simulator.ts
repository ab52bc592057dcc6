import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { metricsRegistry } from '@retail/common';
import { PaymentLedger, type LedgerAction, type LedgerEntry } from './payment-ledger';

const HEALTH_PATHS = ['/health', '/health/live', '/health/ready'];

/**
 * A stand-in for an external card payment gateway, close enough to a real one (Stripe-like) to exercise
 * timeouts, retries and idempotency. Like a real provider it never forgets: every answered request is in its
 * ledger (`ledgerFile`), which a restart replays, and which `GET /v1/ledger` lists.
 */
export interface PaymentGatewaySimulatorOptions {
  host: string;
  /** 0 for an ephemeral port. */
  port: number;
  /** Added to every response, like a network round trip. */
  latencyMs: number;
  /** How long the "lost response" of `tok_processingError`'s second attempt is held back. */
  timeoutDelayMs: number;
  apiKey: string;
  /** The append-only ledger file (created if missing); without one, the simulator forgets everything on close. */
  ledgerFile?: string;
  /** PEM certificate and key: serve HTTPS instead of HTTP. */
  tls?: { cert: Buffer; key: Buffer };
  /** One line per request; defaults to stdout. */
  log?: (line: string) => void;
}

export interface RunningPaymentGatewaySimulator {
  url: string;
  close(): Promise<void>;
}

export type SimulatedPaymentStatus = 'authorized' | 'captured' | 'voided' | 'refunded';

interface SimulatedPayment {
  id: string;
  status: SimulatedPaymentStatus;
  amount: number;
  currency: string;
  reference: string;
}

interface StoredResponse {
  status: number;
  body: unknown;
}

/** What the simulator remembers of one idempotency key. */
interface IdempotencyRecord {
  fingerprint: string;
  attempts: number;
  response?: StoredResponse;
}

/** Test card tokens, as documented in the client contract. */
export const SIMULATOR_TOKENS = {
  approve: 'tok_visa',
  decline: 'tok_chargeDeclined',
  processingError: 'tok_processingError',
} as const;

const TRANSITIONS: Record<'capture' | 'void' | 'refund', { from: SimulatedPaymentStatus; to: SimulatedPaymentStatus }> = {
  capture: { from: 'authorized', to: 'captured' },
  void: { from: 'authorized', to: 'voided' },
  refund: { from: 'captured', to: 'refunded' },
};

/**
 * What the simulator knows, folded from its ledger: every change goes through `apply`, both live (after the
 * entry is durable) and when a restart replays the ledger, so the two can never disagree.
 */
class SimulatorState {
  readonly payments = new Map<string, SimulatedPayment>();
  /** Authorizations created per reference: a double charge shows up here. */
  readonly chargesByReference = new Map<string, number>();
  readonly idempotency = new Map<string, IdempotencyRecord>();

  apply(entry: LedgerEntry): void {
    const record = this.idempotency.get(entry.idempotencyKey);
    this.idempotency.set(entry.idempotencyKey, {
      fingerprint: entry.fingerprint,
      attempts: record?.attempts ?? 0,
      response: entry.response,
    });
    const succeeded = entry.response.status === 200 || entry.response.status === 201;
    if (!succeeded) return;
    const payment = entry.response.body as SimulatedPayment;
    if (entry.action === 'authorize') {
      this.payments.set(payment.id, { ...payment });
      this.chargesByReference.set(payment.reference, (this.chargesByReference.get(payment.reference) ?? 0) + 1);
    } else {
      const stored = this.payments.get(payment.id);
      if (stored) stored.status = payment.status;
    }
  }
}

/** What a request decided, before it is made durable. */
interface Outcome {
  action: LedgerAction;
  response: StoredResponse;
  paymentId?: string;
  reference?: string;
}

class HttpError extends Error {
  constructor(readonly status: number, readonly type: string, message: string) {
    super(message);
  }
}

/** Starts the simulator; resolves once it listens. */
export async function startPaymentGatewaySimulator(
  options: PaymentGatewaySimulatorOptions,
): Promise<RunningPaymentGatewaySimulator> {
  const ledger = PaymentLedger.open(options.ledgerFile);
  const state = new SimulatorState();
  for (const entry of ledger.all()) state.apply(entry);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const timers = new Set<NodeJS.Timeout>();
  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const listener: RequestListener = (req, res) => {
    const started = Date.now();
    // 'close' rather than 'finish': a request whose caller gave up before the answer is logged too.
    res.on('close', () => {
      const outcome = res.writableFinished ? String(res.statusCode) : 'caller-disconnected';
      const key = header(req, 'idempotency-key');
      log(`${req.method} ${req.url}${key ? ` key=${key}` : ''} ${outcome} ${Date.now() - started}ms`);
    });
    handle(req, res).catch((error: unknown) => {
      const known = error instanceof HttpError;
      send(res, known ? error.status : 500, {
        error: { type: known ? error.type : 'api_error', message: (error as Error).message },
      });
    });
  };
  const server = options.tls ? createHttpsServer(options.tls, listener) : createServer(listener);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    await delay(options.latencyMs);
    const url = new URL(req.url ?? '/', 'http://simulator');
    // Like every process of the system: live and ready as soon as it serves (it depends on nothing).
    if (req.method === 'GET' && HEALTH_PATHS.includes(url.pathname)) return send(res, 200, { status: 'ok' });
    if (req.method === 'GET' && url.pathname === '/metrics') {
      res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(await metricsRegistry.metrics());
      return;
    }
    if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
      throw new HttpError(401, 'authentication_error', 'Invalid API key');
    }
    if (req.method === 'GET' && url.pathname === '/v1/payments') {
      return send(res, 200, { data: listPayments(url.searchParams.get('reference')) });
    }
    if (req.method === 'GET' && url.pathname === '/v1/ledger') {
      return send(res, 200, { data: listLedger(url.searchParams) });
    }
    if (req.method !== 'POST') throw new HttpError(404, 'not_found', `No route for ${req.method} ${url.pathname}`);

    const idempotencyKey = header(req, 'idempotency-key');
    if (!idempotencyKey) throw new HttpError(400, 'invalid_request', 'Idempotency-Key header is required');
    const body = await readJson(req);
    const operation = url.pathname.match(/^\/v1\/payments\/([^/]+)\/(capture|void|refund)$/);
    if (url.pathname !== '/v1/authorizations' && !operation) {
      throw new HttpError(404, 'not_found', `No route for POST ${url.pathname}`);
    }

    // Requests that fail validation are not remembered, so the same key can be used again once fixed.
    const request = operation ? undefined : parseAuthorization(body);
    const fingerprint = `${url.pathname} ${canonicalJson(request ?? body)}`;
    const record = state.idempotency.get(idempotencyKey) ?? { fingerprint, attempts: 0 };
    if (record.fingerprint !== fingerprint) {
      throw new HttpError(409, 'idempotency_conflict', 'Idempotency-Key was used with a different request');
    }
    state.idempotency.set(idempotencyKey, record);
    record.attempts += 1;
    if (record.response) {
      // The first answer may still be on its way to disk: a retry is answered only with what a restart keeps.
      await ledger.durable();
      return send(res, record.response.status, record.response.body);
    }

    if (!request) {
      const [, id, action] = operation as RegExpMatchArray;
      const entry = await remember(idempotencyKey, fingerprint, changeState(decodeURIComponent(id), action as keyof typeof TRANSITIONS));
      return send(res, entry.response.status, entry.response.body);
    }

    if (request.token === SIMULATOR_TOKENS.processingError && record.attempts === 1) {
      // Nothing is stored: the next attempt with this key is processed afresh.
      throw new HttpError(503, 'processing_error', 'The payment processor is temporarily unavailable');
    }
    const entry = await remember(idempotencyKey, fingerprint, authorize(request));
    if (request.token === SIMULATOR_TOKENS.processingError && record.attempts === 2) {
      // The charge exists, but the caller gives up waiting: a lost response.
      await delay(options.timeoutDelayMs);
    }
    return send(res, entry.response.status, entry.response.body);
  }

  /** Makes an outcome durable in the ledger, then applies it: nothing is answered that a restart would forget. */
  async function remember(idempotencyKey: string, fingerprint: string, outcome: Outcome): Promise<LedgerEntry> {
    const entry = ledger.append({ idempotencyKey, fingerprint, ...outcome });
    state.apply(entry);
    await ledger.durable();
    return entry;
  }

  function authorize(request: AuthorizationRequest): Outcome {
    const outcome = (response: StoredResponse, paymentId?: string): Outcome => ({
      action: 'authorize',
      response,
      paymentId,
      reference: request.reference,
    });
    if (request.token === SIMULATOR_TOKENS.decline) {
      return outcome(errorResponse(402, 'card_declined', 'Your card was declined.'));
    }
    if (request.token !== SIMULATOR_TOKENS.approve && request.token !== SIMULATOR_TOKENS.processingError) {
      return outcome(errorResponse(402, 'invalid_token', `No such payment token: ${request.token}`));
    }
    const payment: SimulatedPayment = {
      id: `pay_${randomUUID().replace(/-/g, '')}`,
      status: 'authorized',
      amount: request.amount,
      currency: request.currency,
      reference: request.reference,
    };
    return outcome({ status: 201, body: payment }, payment.id);
  }

  function changeState(id: string, action: keyof typeof TRANSITIONS): Outcome {
    const payment = state.payments.get(id);
    if (!payment) return { action, response: errorResponse(404, 'not_found', `No such payment: ${id}`) };
    const base = { action, paymentId: id, reference: payment.reference };
    const { from, to } = TRANSITIONS[action];
    if (payment.status !== from) {
      return { ...base, response: errorResponse(409, 'invalid_state', `Cannot ${action} a payment that is ${payment.status}`) };
    }
    return { ...base, response: { status: 200, body: { ...payment, status: to } } };
  }

  function listPayments(reference: string | null) {
    return [...state.payments.values()]
      .filter((payment) => reference === null || payment.reference === reference)
      .map((payment) => ({ ...payment, charges: state.chargesByReference.get(payment.reference) ?? 0 }));
  }

  /** Ledger entries, oldest first, filtered by `payment`, `idempotency_key` and `reference` (all optional). */
  function listLedger(filter: URLSearchParams): LedgerEntry[] {
    const paymentId = filter.get('payment');
    const key = filter.get('idempotency_key');
    const reference = filter.get('reference');
    return ledger
      .all()
      .filter(
        (entry) =>
          (paymentId === null || entry.paymentId === paymentId) &&
          (key === null || entry.idempotencyKey === key) &&
          (reference === null || entry.reference === reference),
      );
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => {
      ledger.close();
      reject(error);
    });
    server.listen(options.port, options.host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${address.port}`,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      ledger.close();
    },
  };
}

interface AuthorizationRequest {
  amount: number;
  currency: string;
  token: string;
  reference: string;
}

function parseAuthorization(body: unknown): AuthorizationRequest {
  const input = (body ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (!Number.isInteger(input.amount) || (input.amount as number) <= 0) problems.push('amount must be a positive integer');
  if (typeof input.currency !== 'string' || !/^[A-Z]{3}$/.test(input.currency)) {
    problems.push('currency must be a three-letter ISO code');
  }
  if (typeof input.token !== 'string' || input.token === '') problems.push('token is required');
  if (typeof input.reference !== 'string' || input.reference === '') problems.push('reference is required');
  if (problems.length > 0) throw new HttpError(400, 'invalid_request', problems.join('; '));
  return {
    amount: input.amount as number,
    currency: input.currency as string,
    token: input.token as string,
    reference: input.reference as string,
  };
}

/** JSON with sorted keys, so two equal bodies compare equal whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    nested && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested).sort(([a], [b]) => a.localeCompare(b)))
      : nested,
  );
}

function errorResponse(status: number, type: string, message: string): StoredResponse {
  return { status, body: { error: { type, message } } };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_request', 'Body must be JSON');
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
