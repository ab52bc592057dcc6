import { AsyncLocalStorage } from 'node:async_hooks';

/** What a log line says about the work it belongs to, besides the trace (read from OpenTelemetry). */
export interface LogFields {
  requestId?: string;
  orderId?: string;
  /** The checkout saga step being run. */
  step?: string;
}

const contexts = new AsyncLocalStorage<LogFields>();

/**
 * Runs `work` with `fields` added to every log line written inside it (including in callbacks and promises it
 * starts). Nested calls add to the outer fields.
 */
export function runWithLogFields<T>(fields: LogFields, work: () => T): T {
  return contexts.run({ ...contexts.getStore(), ...fields }, work);
}

/** The fields of the work being done, if any. */
export function currentLogFields(): LogFields {
  return contexts.getStore() ?? {};
}

/** The id of the HTTP request being handled, if any. */
export function currentRequestId(): string | undefined {
  return contexts.getStore()?.requestId;
}
