import type { NodeSDK } from '@opentelemetry/sdk-node';
import type { EnvReader } from '../config/env-reader';

/** Paths polled by probes and scrapers: tracing them would bury the requests that matter. */
const UNTRACED_PATHS = /^\/(health|metrics)(\/|$|\?)/;

const OTLP_PROTOCOLS = ['grpc', 'http/protobuf', 'http/json'] as const;
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
  /** OTEL_SERVICE_NAME when set; else the process's own name. */
  serviceName: string;
}

/**
 * Tracing is configured only through the standard OTEL_* variables, which the OpenTelemetry SDK reads itself;
 * this checks the ones whose typos would silently turn tracing off, and decides whether to start at all:
 * OTEL_TRACES_EXPORTER (other than `none`) or an OTLP endpoint must be set.
 */
export function readTracingConfig(reader: EnvReader, env: NodeJS.ProcessEnv, processName: string): TracingConfig {
  reader.oneOf('OTEL_EXPORTER_OTLP_PROTOCOL', OTLP_PROTOCOLS, 'http/protobuf');
  reader.oneOf('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', OTLP_PROTOCOLS, 'http/protobuf');
  reader.oneOf('OTEL_TRACES_SAMPLER', SAMPLERS, 'parentbased_always_on');
  const disabled = reader.bool('OTEL_SDK_DISABLED', false);
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const exporterConfigured = exporters.length > 0 ? !exporters.includes('none') : Boolean(endpoint);
  return { enabled: exporterConfigured && !disabled, serviceName: env.OTEL_SERVICE_NAME || processName };
}

let sdk: NodeSDK | undefined;

/**
 * Starts the OpenTelemetry SDK with the instrumentations this system needs: incoming and outgoing HTTP, Node's
 * fetch (undici), GraphQL execution, PostgreSQL (pg) and every Prisma query (which covers MariaDB, reached
 * through Prisma's driver adapter), and ioredis. BullMQ reports its own spans (see `bullmqTelemetry`). Must
 * run before those modules are loaded, so each process calls it from the first import of its entry file.
 */
export function startTracing(config: TracingConfig): void {
  if (!config.enabled || sdk) return;
  // Loaded only when tracing is on: the SDK and its exporters take a while to load, and cost nothing when off.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  const { GraphQLInstrumentation } = require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis');
  const { PrismaInstrumentation } = require('@prisma/instrumentation') as typeof import('@prisma/instrumentation');
  /* eslint-enable @typescript-eslint/no-require-imports */
  sdk = new NodeSDK({
    serviceName: config.serviceName,
    // Metrics are served to Prometheus on /metrics and logs go to stdout: the SDK exports traces only.
    metricReaders: [],
    logRecordProcessors: [],
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
  sdk.start();
}

/** Whether traces are being recorded and exported by this process. */
export function tracingEnabled(): boolean {
  return sdk !== undefined;
}

/** Exports the spans still buffered; call before the process exits. */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  await running?.shutdown();
}
