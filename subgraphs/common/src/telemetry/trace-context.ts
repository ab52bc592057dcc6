import { ROOT_CONTEXT, context, propagation, trace, type Context } from '@opentelemetry/api';

/** The id of the trace being recorded here, if tracing is on. */
export function currentTraceId(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/**
 * The W3C `traceparent` of the current span, to store with work that continues later elsewhere (an outbox
 * message): undefined when tracing is off or nothing is being traced.
 */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** The context a stored `traceparent` points at, to continue that trace; the root context without one. */
export function contextFromTraceparent(traceparent: string | undefined): Context {
  return traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
}
