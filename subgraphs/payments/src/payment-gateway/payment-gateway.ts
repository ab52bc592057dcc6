import { TransientServiceError } from '@retail/common';

/**
 * The external payment provider, as the payments subgraph needs it. Every operation is keyed by the order
 * and the operation, so calling it again (a retry, a resumed saga step) never charges or refunds twice.
 */
export interface PaymentGateway {
  /** Reserves the amount on the customer's card. */
  authorize(request: AuthorizeRequest): Promise<PaymentGatewayResult>;
  /** Takes the authorized amount. */
  capture(request: PaymentOperationRequest): Promise<PaymentGatewayResult>;
  /** Releases an authorization that was not captured. */
  void(request: PaymentOperationRequest): Promise<PaymentGatewayResult>;
  /** Gives back a captured amount. */
  refund(request: PaymentOperationRequest): Promise<PaymentGatewayResult>;
}

export const PAYMENT_GATEWAY = Symbol('PAYMENT_GATEWAY');

export interface AuthorizeRequest {
  orderId: string;
  amount: number;
  currency: string;
  paymentToken: string;
}

export interface PaymentOperationRequest {
  orderId: string;
  providerPaymentId: string;
}

/** The provider's final answer: a decline is a normal business outcome, not an error. */
export type PaymentGatewayResult =
  | { outcome: 'approved'; providerPaymentId: string }
  | { outcome: 'declined'; reason: string; message?: string };

export type PaymentGatewayOperation = 'authorize' | 'capture' | 'void' | 'refund';

/** The idempotency key of an operation on an order's payment; the same on every attempt. */
export function paymentIdempotencyKey(orderId: string, operation: PaymentGatewayOperation): string {
  return `order:${orderId}:${operation}`;
}

/**
 * The gateway could not be reached or kept failing transiently after every attempt. The operation may or
 * may not have happened; repeat it later with the same idempotency key. A transient error of a service this
 * one needs, so callers are answered SERVICE_UNAVAILABLE.
 */
export class PaymentGatewayUnavailableError extends TransientServiceError {
  override name = 'PaymentGatewayUnavailableError';
}

/** The gateway refused the request itself (bad credentials, malformed request, key reuse): retrying won't help. */
export class PaymentGatewayRequestError extends Error {
  override name = 'PaymentGatewayRequestError';
  constructor(readonly status: number, readonly type: string | undefined, message: string) {
    super(message);
  }
}
