import { TransientServiceError } from '@retail/common';
import { CheckoutRejectedError } from './steps/checkout-step';

/**
 * What a step's error means for the saga.
 * - `rejected`: a business outcome (card declined, not enough stock); the checkout ends, compensated.
 * - `unavailable`: another service could not be reached or failed on its side (network, timeout, 5xx, a
 *   service token refused in flight); retrying is expected to help. A forward step retries until the order
 *   expires; a compensation until its attempts run out.
 * - `fault`: anything else, e.g. another subgraph refusing the request (FORBIDDEN, BAD_USER_INPUT, NOT_FOUND,
 *   CONFLICT) or an answer the saga does not expect. Retried a few times, then the saga is parked for an
 *   operator: such an error never ends an order on its own.
 */
export type StepErrorKind = 'rejected' | 'unavailable' | 'fault';

export function classifyStepError(error: unknown): StepErrorKind {
  if (error instanceof CheckoutRejectedError) return 'rejected';
  if (error instanceof TransientServiceError) return 'unavailable';
  return 'fault';
}

/** An answer from another subgraph that the saga has no step for: a fault, never a business outcome. */
export class UnexpectedAnswerError extends Error {
  override name = 'UnexpectedAnswerError';
}

/** A message fit for the saga row and the logs. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
