import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { EnvReader } from '../config/env-reader';

/** Paths polled by probes and scrapers: tracing them would bury the requests that matter. */
const UNTRACED_PATHS = /^\/(health|metrics)(\/|$|\?)/;

/** gRPC is left out (its exporter is heavy): send OTLP over HTTP, to a collector if the backend wants gRPC. */
const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
const TRACE_EXPORTERS = ['otlp', 'console', 'none'] as const;
const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

export interface TracingConfig {
  /** True when an exporter is configured (and OTEL_SDK_DISABLED is not set): without one, nothing is set up. */
  enabled: boolean;
  exporters: ('otlp' | 'console')[];
  /** OTLP over HTTP, as JSON or protobuf; the exporter reads the endpoint and headers itself. */
  protocol: (typeof OTLP_PROTOCOLS)[number];
  /** OTEL_SERVICE_NAME when set; else the process's own name. */
  serviceName: string;
}

/**
 * Tracing is configured only through the standard OTEL_* variables, most of which the OpenTelemetry SDK reads
 * itself (endpoint, headers, sampler argument, batch sizes, resource attributes); this checks the ones whose
 * typos would silently turn tracing off, and decides whether to start at all: OTEL_TRACES_EXPORTER (other than
 * `none`) or an OTLP endpoint must be set.
 */
export function readTracingConfig(reader: EnvReader, env: NodeJS.ProcessEnv, processName: string): TracingConfig {
  const protocol = reader.oneOf('OTEL_EXPORTER_OTLP_PROTOCOL', OTLP_PROTOCOLS, 'http/protobuf');
  const tracesProtocol = reader.oneOf('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', OTLP_PROTOCOLS, protocol);
  reader.oneOf('OTEL_TRACES_SAMPLER', SAMPLERS, 'parentbased_always_on');
  const disabled = reader.bool('OTEL_SDK_DISABLED', false);
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = exporters.filter((name) => !(TRACE_EXPORTERS as readonly string[]).includes(name));
  if (unknown.length > 0) reader.reject('OTEL_TRACES_EXPORTER', `must list ${TRACE_EXPORTERS.join(', ')}, got "${unknown.join(', ')}"`);
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const chosen = exporters.length > 0 ? exporters.filter((name) => name !== 'none') : endpoint ? ['otlp'] : [];
  return {
    enabled: chosen.length > 0 && !disabled,
    exporters: chosen as TracingConfig['exporters'],
    protocol: tracesProtocol,
    serviceName: env.OTEL_SERVICE_NAME || processName,
  };
}

let provider: NodeTracerProvider | undefined;

/**
 * Starts OpenTelemetry tracing with the instrumentations this system needs: incoming and outgoing HTTP, Node's
 * fetch (undici), GraphQL execution, PostgreSQL (pg) and every Prisma query (which covers MariaDB, reached
 * through Prisma's driver adapter), and ioredis. BullMQ reports its own spans (see `bullmqTelemetry`). Must
 * run before those modules are loaded, so each process calls it from the first import of its entry file.
 */
export function startTracing(config: TracingConfig): void {
  if (!config.enabled || provider) return;
  // Loaded only when tracing is on, so that tracing off costs nothing, not even loading time.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const resources = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  const { GraphQLInstrumentation } = require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis');
  const { PrismaInstrumentation } = require('@prisma/instrumentation') as typeof import('@prisma/instrumentation');
  /* eslint-enable @typescript-eslint/no-require-imports */

  // OTEL_RESOURCE_ATTRIBUTES first, then the service name (OTEL_SERVICE_NAME or the process's).
  const resource = resources
    .defaultResource()
    .merge(resources.detectResources({ detectors: [resources.envDetector] }))
    .merge(resources.resourceFromAttributes({ 'service.name': config.serviceName }));
  // The sampler (OTEL_TRACES_SAMPLER, _ARG) and batching (OTEL_BSP_*) come from the environment.
  provider = new NodeTracerProvider({
    resource,
    spanProcessors: config.exporters.map((name) => new BatchSpanProcessor(traceExporter(name, config.protocol))),
  });
  // W3C trace context and baggage propagation, AsyncLocalStorage context.
  provider.register();
  registerInstrumentations({
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? ''),
      }),
      new UndiciInstrumentation(),
      // One span per operation phase and per non-trivial resolver; list items merged into one.
      new GraphQLInstrumentation({ mergeItems: true, ignoreTrivialResolveSpans: true }),
      new PgInstrumentation({ requireParentSpan: true }),
      new PrismaInstrumentation(),
      // BullMQ polls Redis all the time: only commands made inside a traced operation are recorded.
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
}

function traceExporter(name: 'otlp' | 'console', protocol: TracingConfig['protocol']): SpanExporter {
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (name === 'console') return new (require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base')).ConsoleSpanExporter();
  if (protocol === 'http/json') {
    return new (require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter();
  }
  return new (require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter();
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Whether traces are being recorded and exported by this process. */
export function tracingEnabled(): boolean {
  return provider !== undefined;
}

/** Exports the spans still buffered, waiting at most `timeoutMs` (an unreachable collector must not hold up an exit). */
export async function stopTracing(timeoutMs: number): Promise<void> {
  const running = provider;
  provider = undefined;
  if (!running) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([running.shutdown().catch(() => undefined), timeout]);
  clearTimeout(timer);
}
