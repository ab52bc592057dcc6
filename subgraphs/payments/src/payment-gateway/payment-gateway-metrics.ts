import { Counter, Histogram } from 'prom-client';
import { DURATION_BUCKETS, metricsRegistry } from '@retail/common';

/** Each HTTP call to the payment gateway (every attempt), by operation and outcome. */
export const paymentGatewayCallDuration = new Histogram({
  name: 'payment_gateway_call_duration_seconds',
  help: 'HTTP calls to the payment gateway, each attempt, by operation and outcome (approved, declined, retryable, refused)',
  labelNames: ['operation', 'outcome'],
  buckets: DURATION_BUCKETS,
  registers: [metricsRegistry],
});

/** Calls that did not get a usable answer, by operation and reason (timeout, network, status). */
export const paymentGatewayCallErrors = new Counter({
  name: 'payment_gateway_call_errors_total',
  help: 'Payment gateway calls without a usable answer, by operation and reason (timeout, network, http_<status>)',
  labelNames: ['operation', 'reason'],
  registers: [metricsRegistry],
});
