import { readConfig } from '../config/env-reader';
import { readTracingConfig, startTracing } from './tracing';
import { readLoggingConfig } from '../logging/logging-config';
import { ServiceLogger } from '../logging/service-logger';
import { startProcessMetrics } from '../metrics/metrics-registry';
import { applyRuntimeV8Flags } from '../runtime/node-options';

/** The name each process goes by in traces (default OTEL_SERVICE_NAME), logs and metrics. */
export type ProcessTelemetryName =
  | 'gateway'
  | 'accounts'
  | 'catalog'
  | 'orders'
  | 'orders-worker'
  | 'payments'
  | 'payment-gateway-simulator';

let processLogger: ServiceLogger | undefined;

/**
 * Sets up a process's telemetry in one call, from the first import of its entry file (`src/telemetry.ts`),
 * before the modules it instruments are loaded: tracing (only when an OTEL exporter is configured), the
 * structured logger as Nest's logger, and process metrics labelled with the service. Exits with the list of
 * bad variables if LOG_* or OTEL_* are invalid. Being first, it also sets the process's runtime V8 flags.
 */
export function startTelemetry(name: ProcessTelemetryName, env: NodeJS.ProcessEnv = process.env): ServiceLogger {
  applyRuntimeV8Flags();
  try {
    const { tracing, logging } = readConfig(
      (reader) => ({ tracing: readTracingConfig(reader, env, name), logging: readLoggingConfig(reader, env.NODE_ENV) }),
      env,
    );
    startTracing(tracing);
    processLogger = new ServiceLogger({
      ...logging,
      service: tracing.serviceName,
      colours: logging.format === 'pretty' && (process.stdout.isTTY === true || Boolean(env.FORCE_COLOR)) && !env.NO_COLOR,
    });
    // Required here, after tracing started, so nothing Nest loads escapes the instrumentations.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Logger } = require('@nestjs/common') as typeof import('@nestjs/common');
    Logger.overrideLogger(processLogger);
    startProcessMetrics(tracing.serviceName);
    return processLogger;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

/** The logger `startTelemetry` installed, for code outside Nest (the simulator). */
export function telemetryLogger(): ServiceLogger | undefined {
  return processLogger;
}
