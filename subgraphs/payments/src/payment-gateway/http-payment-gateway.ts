import { Logger } from '@nestjs/common';
import { serviceHttp, type ServiceHttpResponse } from '@retail/common';
import type { PaymentGatewayConfig } from '../config';
import {
  PaymentGatewayRequestError,
  PaymentGatewayUnavailableError,
  paymentIdempotencyKey,
  type AuthorizeRequest,
  type PaymentGateway,
  type PaymentGatewayOperation,
  type PaymentGatewayResult,
  type PaymentOperationRequest,
} from './payment-gateway';
import { paymentGatewayCallDuration, paymentGatewayCallErrors } from './payment-gateway-metrics';

/** Answers the provider gives for a request it understood and refused: final, never retried. */
const DECLINE_TYPES = new Set(['card_declined', 'invalid_token', 'invalid_state', 'not_found']);

/** Statuses worth another attempt besides 5xx: the request may succeed a moment later. */
const RETRYABLE_STATUSES = new Set([408, 429]);

interface GatewayResponseBody {
  id?: string;
  error?: { type?: string; message?: string };
}

/** One attempt's failure that the next attempt may not see. */
class TransientAttemptError extends Error {
  constructor(
    message: string,
    /** For metrics: timeout, network or http_<status>. */
    readonly reason: string,
  ) {
    super(message);
  }
}

/**
 * Delay before retry number `attempt` (1 for the first retry): exponential, with "equal jitter" so that
 * callers failing together don't retry together, while still waiting at least half the nominal delay.
 */
export function retryDelayMs(attempt: number, baseDelayMs: number, random: () => number = Math.random): number {
  const nominal = baseDelayMs * 2 ** (attempt - 1);
  return Math.round(nominal / 2 + random() * (nominal / 2));
}

/**
 * The payment gateway over its HTTP API. Network errors, timeouts and 5xx are retried with backoff, each
 * attempt carrying the same idempotency key so the provider replays an operation it already performed;
 * 4xx answers are final.
 */
export class HttpPaymentGateway implements PaymentGateway {
  private readonly logger = new Logger(HttpPaymentGateway.name);

  constructor(
    private readonly config: PaymentGatewayConfig,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  authorize(request: AuthorizeRequest): Promise<PaymentGatewayResult> {
    return this.send(request.orderId, 'authorize', '/v1/authorizations', {
      amount: request.amount,
      currency: request.currency,
      token: request.paymentToken,
      reference: request.orderId,
    });
  }

  capture(request: PaymentOperationRequest): Promise<PaymentGatewayResult> {
    return this.operate(request, 'capture');
  }

  void(request: PaymentOperationRequest): Promise<PaymentGatewayResult> {
    return this.operate(request, 'void');
  }

  refund(request: PaymentOperationRequest): Promise<PaymentGatewayResult> {
    return this.operate(request, 'refund');
  }

  private operate(request: PaymentOperationRequest, operation: 'capture' | 'void' | 'refund') {
    const path = `/v1/payments/${encodeURIComponent(request.providerPaymentId)}/${operation}`;
    return this.send(request.orderId, operation, path, {});
  }

  private async send(
    orderId: string,
    operation: PaymentGatewayOperation,
    path: string,
    body: Record<string, unknown>,
  ): Promise<PaymentGatewayResult> {
    const idempotencyKey = paymentIdempotencyKey(orderId, operation);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.timedAttempt(operation, path, idempotencyKey, body);
      } catch (error) {
        if (!(error instanceof TransientAttemptError)) throw error;
        if (attempt >= this.config.maxAttempts) {
          throw new PaymentGatewayUnavailableError(
            `Payment gateway ${operation} for order ${orderId} failed after ${attempt} attempts: ${error.message}`,
          );
        }
        const delay = retryDelayMs(attempt, this.config.retryBaseDelayMs);
        this.logger.warn(`${operation} for order ${orderId}: ${error.message}; attempt ${attempt + 1} in ${delay} ms`);
        await this.sleep(delay);
      }
    }
  }

  /** One attempt, counted in `payment_gateway_call_duration_seconds` and, without a usable answer, in the errors. */
  private async timedAttempt(
    operation: PaymentGatewayOperation,
    path: string,
    idempotencyKey: string,
    body: Record<string, unknown>,
  ): Promise<PaymentGatewayResult> {
    const stop = paymentGatewayCallDuration.startTimer({ operation });
    try {
      const result = await this.attempt(path, idempotencyKey, body);
      stop({ outcome: result.outcome });
      return result;
    } catch (error) {
      const retryable = error instanceof TransientAttemptError;
      stop({ outcome: retryable ? 'retryable' : 'refused' });
      const reason = retryable
        ? error.reason
        : error instanceof PaymentGatewayRequestError
          ? `http_${error.status}`
          : 'unexpected';
      paymentGatewayCallErrors.inc({ operation, reason });
      throw error;
    }
  }

  private async attempt(path: string, idempotencyKey: string, body: Record<string, unknown>): Promise<PaymentGatewayResult> {
    const signal = AbortSignal.timeout(this.config.timeoutMs);
    let response: ServiceHttpResponse;
    let payload: GatewayResponseBody | undefined;
    try {
      response = await serviceHttp().fetcher(`${this.config.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${this.config.apiKey}`,
          'idempotency-key': idempotencyKey,
        },
        body: JSON.stringify(body),
        signal,
      });
      payload = (await response.json().catch(() => undefined)) as GatewayResponseBody | undefined;
    } catch (error) {
      if (signal.aborted) throw new TransientAttemptError(`no answer within ${this.config.timeoutMs} ms`, 'timeout');
      throw new TransientAttemptError((error as Error).message, 'network');
    }

    if (response.status >= 500 || RETRYABLE_STATUSES.has(response.status)) {
      throw new TransientAttemptError(`answered ${response.status} ${payload?.error?.type ?? ''}`.trim(), `http_${response.status}`);
    }
    if (response.ok) {
      if (!payload?.id) {
        throw new TransientAttemptError(`answered ${response.status} without a payment id`, 'no_payment_id');
      }
      return { outcome: 'approved', providerPaymentId: payload.id };
    }
    const type = payload?.error?.type;
    if (response.status === 402 || (type !== undefined && DECLINE_TYPES.has(type))) {
      return { outcome: 'declined', reason: type ?? 'declined', message: payload?.error?.message };
    }
    throw new PaymentGatewayRequestError(
      response.status,
      type,
      `Payment gateway refused ${path}: ${response.status} ${type ?? ''} ${payload?.error?.message ?? ''}`.trim(),
    );
  }
}
