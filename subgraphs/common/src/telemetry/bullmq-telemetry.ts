import type { Telemetry } from 'bullmq';
import { BullMQOtel } from 'bullmq-otel';
import { tracingEnabled } from './tracing';

/**
 * BullMQ's own OpenTelemetry support, for the `telemetry` option of every Queue and Worker: adding a job
 * records a producer span and carries the caller's trace context in the job; processing it records a consumer
 * span that continues that trace. Undefined (no cost) when tracing is off.
 */
export function bullmqTelemetry(): Telemetry | undefined {
  return tracingEnabled() ? new BullMQOtel('retail-checkout') : undefined;
}
