import { Logger } from '@nestjs/common';
import { SpanKind, SpanStatusCode, context, trace, type Link } from '@opentelemetry/api';
import { contextFromTraceparent, currentTraceparent, runWithLogFields } from '@retail/common';
import type { Job } from 'bullmq';
import type { CheckoutJobData } from './checkout-queues';
import type { CheckoutStep } from './checkout-steps';
import { sagaStepDuration } from './saga-metrics';

const tracer = trace.getTracer('retail-checkout-saga');
const logger = new Logger('CheckoutJob');

/**
 * Runs one attempt of a saga job with its telemetry: every log line inside carries the order id and the step;
 * a `saga <STEP>` span records the attempt, as a child of the BullMQ consumer span (which continues the trace
 * of the request that caused the step, carried in the job) or, without BullMQ's telemetry, of the job's own
 * `traceparent`; a retry is a sibling of the attempt that failed, linked to it rather than nested; and
 * `checkout_step_duration_seconds` counts the attempt by outcome.
 */
export function runSagaJob(step: CheckoutStep, job: Job<CheckoutJobData>, work: () => Promise<void>): Promise<void> {
  const { orderId, traceparent, failedAttempt } = job.data;
  const parent = trace.getActiveSpan() ? context.active() : contextFromTraceparent(traceparent);
  const previous = failedAttempt ? trace.getSpanContext(contextFromTraceparent(failedAttempt)) : undefined;
  const links: Link[] = previous ? [{ context: previous, attributes: { 'saga.link': 'previous attempt' } }] : [];
  const attributes = { 'saga.step': step, 'saga.order_id': orderId, 'saga.attempt': job.attemptsMade + 1, 'messaging.message.id': job.id ?? '' };
  return runWithLogFields({ orderId, step }, () =>
    tracer.startActiveSpan(`saga ${step}`, { kind: SpanKind.INTERNAL, links, attributes }, parent, async (span) => {
      const stop = sagaStepDuration.startTimer({ step });
      try {
        await work();
        stop({ outcome: 'completed' });
      } catch (error) {
        const outcome = outcomeOf(error);
        stop({ outcome });
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        span.setAttribute('saga.outcome', outcome);
        if (outcome === 'retrying') await rememberFailedAttempt(job);
        throw error;
      } finally {
        span.end();
      }
    }),
  );
}

/** What became of a failed attempt, as the orchestrator signals it (see CheckoutOrchestrator.recordFailure). */
function outcomeOf(error: unknown): 'retrying' | 'rejected' | 'parked' {
  if ((error as Error)?.name !== 'UnrecoverableError') return 'retrying';
  return (error as Error).message.startsWith('Parked:') ? 'parked' : 'rejected';
}

/** The next attempt links to this one: the job keeps the failed attempt's span context. */
async function rememberFailedAttempt(job: Job<CheckoutJobData>): Promise<void> {
  const failedAttempt = currentTraceparent();
  if (!failedAttempt) return;
  await job.updateData({ ...job.data, failedAttempt }).catch((error: unknown) =>
    logger.warn(`Could not keep the failed attempt's trace context: ${(error as Error).message}`),
  );
}
