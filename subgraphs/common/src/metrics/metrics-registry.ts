import type { INestApplication } from '@nestjs/common';
import { collectDefaultMetrics, register, type Registry } from 'prom-client';

/** Every metric of a process lives in prom-client's default registry, served on `GET /metrics`. */
export const metricsRegistry: Registry = register;

let processMetricsStarted = false;

/**
 * Labels every metric of this process with its service name and starts Node's process metrics (CPU, memory,
 * event loop lag, GC, handles). Called once per process by `startTelemetry`.
 */
export function startProcessMetrics(service: string): void {
  if (processMetricsStarted) return;
  processMetricsStarted = true;
  metricsRegistry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: metricsRegistry });
}

/**
 * `GET /metrics` in Prometheus' text format, without credentials, like `/health`: keep it off the public
 * ingress (the gateway's) and let only Prometheus reach it.
 */
export function addMetricsRoute(app: INestApplication): void {
  const http = app.getHttpAdapter();
  http.get('/metrics', (_request: unknown, response: unknown) => {
    metricsRegistry.metrics().then(
      (text) => {
        http.setHeader(response, 'content-type', metricsRegistry.contentType);
        http.reply(response, text, 200);
      },
      (error: unknown) => http.reply(response, `# metrics failed: ${(error as Error).message}\n`, 500),
    );
  });
}

/** Buckets (seconds) for request and call durations: from 5 ms to 30 s. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
