import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from '@retail/common';

/** One run of a saga job, by step and outcome (completed, retrying, rejected, parked). */
export const sagaStepDuration = new Histogram({
  name: 'checkout_step_duration_seconds',
  help: 'Checkout saga job runs, by step and outcome (completed, retrying, rejected, parked)',
  labelNames: ['step', 'outcome'],
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [metricsRegistry],
});

/**
 * Committed order status changes, counted as the outbox relay announces them (so once per commit): the
 * saga's end states are the CONFIRMED and CANCELLED series.
 */
export const orderStatusChanges = new Counter({
  name: 'checkout_order_status_changes_total',
  help: 'Committed order status changes, by new status (CONFIRMED and CANCELLED are the saga end states)',
  labelNames: ['status'],
  registers: [metricsRegistry],
});

/** From an outbox message's commit to its publication to BullMQ or the status stream. */
export const outboxPublishLag = new Histogram({
  name: 'outbox_publish_lag_seconds',
  help: 'Time from writing an outbox message to publishing it',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  registers: [metricsRegistry],
});
