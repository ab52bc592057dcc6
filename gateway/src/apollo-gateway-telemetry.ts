import Module from 'node:module';
import { dirname, join } from 'node:path';
import { trace, type Attributes, type Span } from '@opentelemetry/api';

/**
 * `@apollo/gateway`'s `utilities/opentelemetry` module does two things: the spans of a request (through
 * `@opentelemetry/api`, which records nothing unless a tracer provider is registered) and Apollo's own data
 * collection, an OpenTelemetry meter provider with ten cloud resource detectors (AWS, GCP, Azure, Alibaba
 * metadata endpoints) that reports the host's CPU and memory to Apollo every hour. Its top-level `require`s load
 * the metrics SDK, the OTLP exporter and the detectors (about 330 modules, some 10 MiB of heap) even when data
 * collection is off (`APOLLO_TELEMETRY_DISABLED`).
 *
 * With data collection off, `useApolloGatewaySpansOnly` puts an equivalent of the span part of that module in
 * Node's module cache before `@apollo/gateway` is loaded, so its own `require` gets it: same span names,
 * attributes and tracer (name and version), none of the metrics modules. Nothing under node_modules is changed.
 * `apollo-gateway-telemetry.spec.ts` compares it with the original.
 */
export function useApolloGatewaySpansOnly(env: NodeJS.ProcessEnv = process.env): boolean {
  if (!apolloDataCollectionDisabled(env)) return false;
  const file = apolloGatewayOpenTelemetryFile();
  // Already loaded (the gateway was required before): nothing to save any more.
  if (require.cache[file]) return false;
  const { version } = require('@apollo/gateway/package.json') as { version: string };
  const substitute = new Module(file, module);
  substitute.filename = file;
  substitute.loaded = true;
  substitute.exports = apolloGatewaySpans(version);
  require.cache[file] = substitute;
  return true;
}

/** `@apollo/gateway` skips its data collection when APOLLO_TELEMETRY_DISABLED is `true` or `1`. */
export function apolloDataCollectionDisabled(env: NodeJS.ProcessEnv): boolean {
  return env.APOLLO_TELEMETRY_DISABLED === 'true' || env.APOLLO_TELEMETRY_DISABLED === '1';
}

export function apolloGatewayOpenTelemetryFile(): string {
  return join(dirname(require.resolve('@apollo/gateway')), 'utilities', 'opentelemetry.js');
}

interface TelemetryConfig {
  includeDocument?: boolean;
  recordExceptions?: boolean | number;
}

/** The exports of `@apollo/gateway/dist/utilities/opentelemetry.js` (2.x), its data collection left out. */
export function apolloGatewaySpans(version: string) {
  const OpenTelemetrySpanNames = {
    REQUEST: 'gateway.request',
    PLAN: 'gateway.plan',
    FETCH: 'gateway.fetch',
    POST_PROCESSING: 'gateway.postprocessing',
    EXECUTE: 'gateway.execute',
    VALIDATE: 'gateway.validate',
  };
  const OpenTelemetryAttributeNames = {
    GRAPHQL_DOCUMENT: 'graphql.document',
    GRAPHQL_OPERATION_NAME: 'graphql.operation.name',
    GRAPHQL_OPERATION_NAME_DEPRECATED: 'operationName',
    GRAPHQL_OPERATION_TYPE: 'graphql.operation.type',
  };
  const dataCollectionIsOff = (): never => {
    throw new Error("Apollo's data collection is off (APOLLO_TELEMETRY_DISABLED); its modules are not loaded");
  };
  const exports = {
    OpenTelemetrySpanNames,
    OpenTelemetryAttributeNames,
    APOLLO_OTEL_METRICS_URL: 'https://usage-reporting.api.apollographql.com/v1/metrics',
    tracer: trace.getTracer('apollo/gateway-js', version),
    requestContextSpanAttributes(
      requestContext: { operationName?: string | null; source?: string },
      config?: TelemetryConfig,
    ): Attributes {
      const spanAttributes: Attributes = {};
      if (requestContext.operationName) {
        spanAttributes[OpenTelemetryAttributeNames.GRAPHQL_OPERATION_NAME_DEPRECATED] = requestContext.operationName;
        spanAttributes[OpenTelemetryAttributeNames.GRAPHQL_OPERATION_NAME] = requestContext.operationName;
      }
      if (config?.includeDocument && requestContext.source) {
        spanAttributes[OpenTelemetryAttributeNames.GRAPHQL_DOCUMENT] = requestContext.source;
      }
      return spanAttributes;
    },
    operationContextSpanAttributes(operationContext: { operation: { operation?: string } }): Attributes {
      const spanAttributes: Attributes = {};
      if (operationContext.operation.operation) {
        spanAttributes[OpenTelemetryAttributeNames.GRAPHQL_OPERATION_TYPE] = operationContext.operation.operation;
      }
      return spanAttributes;
    },
    recordExceptions(span: Span, exceptions: readonly Error[], config?: TelemetryConfig): void {
      const recordExceptions = config?.recordExceptions;
      if (recordExceptions === undefined || recordExceptions === false) return;
      let exceptionsToRecord: readonly Error[];
      if (recordExceptions === true) exceptionsToRecord = exceptions;
      else if (recordExceptions <= 0) return;
      else exceptionsToRecord = exceptions.slice(0, recordExceptions);
      for (const exception of exceptionsToRecord) span.recordException(exception);
    },
    createDataCollectionMeterProvider: dataCollectionIsOff,
    createDataCollectionExporter: dataCollectionIsOff,
  };
  // As TypeScript's CommonJS output marks the original.
  return Object.defineProperty(exports, '__esModule', { value: true });
}
