import {
  readBindHost,
  readConfig,
  readDatabaseUrl,
  readPort,
  readQueuePrefix,
  readRedisUrl,
  readServiceCredentials,
  readServiceUrl,
  readTokenVerification,
  type AccessTokenVerifierOptions,
  type ServiceCredentials,
} from '@retail/common';
import { CHECKOUT_STEPS, CHECKOUT_STEP_TABLE, COMPENSATION_STEP_TABLE, isForwardStep, type CheckoutStep } from './saga/checkout-steps';

/** How the checkout saga runs its steps: retries, back-off, concurrency, recovery, expiry and the outbox relay. */
export interface SagaConfig {
  /**
   * Attempts of a forward step that meets a fault (an error no retry is known to fix, e.g. a refused request)
   * before the saga is parked for an operator. An unavailable service is retried until the order expires.
   */
  stepAttempts: number;
  /** First retry delay of a forward step; doubles on each attempt, up to `stepBackoffMaxMs`. */
  stepBackoffMs: number;
  /** Longest wait between two attempts of a forward step, so a checkout resumes soon after an outage ends. */
  stepBackoffMaxMs: number;
  /** Compensations must eventually succeed: many attempts, with a capped back-off, then the saga is parked. */
  compensationAttempts: number;
  compensationBackoffMs: number;
  compensationBackoffMaxMs: number;
  /**
   * Jobs each step's worker runs at once, by step. A remote step spends most of its time waiting for another
   * subgraph (the payment steps for the payment gateway too), so it needs many jobs in flight to keep up; a
   * local step only waits for the orders database.
   */
  concurrency: Readonly<Record<CheckoutStep, number>>;
  /** How often the relay looks for outbox messages that no commit nudged out (e.g. after a crash). */
  outboxIntervalMs: number;
  /** How long published outbox messages are kept (for operators and audits) before the worker deletes them. */
  outboxRetentionHours: number;
  /** BullMQ job lock: renewed every half of it while a job runs; a dead worker's job is free once it lapses. */
  lockMs: number;
  /** How often each worker looks for jobs whose lock lapsed (held by a dead worker) and hands them on. */
  stalledCheckMs: number;
  /** How often the reconciler looks for stalled sagas and expired orders. */
  reconcileIntervalMs: number;
  /** An unfinished, unparked saga whose row was not touched for this long gets its step's job enqueued again. */
  stalledAfterMs: number;
  /** A PENDING order whose current step made no progress for this long is compensated and cancelled. */
  expireAfterMs: number;
}

export interface OrdersConfig {
  host: string;
  port: number;
  /** Where the saga worker process serves its health routes (and metrics): ORDERS_WORKER_PORT. */
  workerPort: number;
  databaseUrl: string;
  tokens: AccessTokenVerifierOptions;
  redisUrl: string;
  /** Prefix of every BullMQ key, so environments (and test files) sharing a Redis stay apart. */
  queuePrefix: string;
  catalogUrl: string;
  paymentsUrl: string;
  /** The `orders` client's credentials for calling catalog and payments. */
  serviceCredentials: ServiceCredentials;
  /** How long cancelOrder waits for the saga to finish compensating before it answers. */
  cancelWaitMs: number;
  saga: SagaConfig;
}

/** Reads and validates the orders configuration once (subgraph and worker alike); fails with every bad variable. */
export function loadOrdersConfig(env: NodeJS.ProcessEnv = process.env): OrdersConfig {
  return readConfig(
    (reader) => ({
      host: readBindHost(reader),
      port: readPort(reader, 'orders'),
      workerPort: readPort(reader, 'ordersWorker'),
      databaseUrl: readDatabaseUrl(reader, 'orders'),
      tokens: readTokenVerification(reader),
      redisUrl: readRedisUrl(reader),
      queuePrefix: readQueuePrefix(reader),
      catalogUrl: readServiceUrl(reader, 'catalog'),
      paymentsUrl: readServiceUrl(reader, 'payments'),
      serviceCredentials: readServiceCredentials(reader, 'orders'),
      cancelWaitMs: reader.int('CANCEL_WAIT_MS', 5_000, { min: 0, max: 60_000 }),
      saga: {
        stepAttempts: reader.int('SAGA_STEP_ATTEMPTS', 8, { min: 1, max: 100 }),
        stepBackoffMs: reader.int('SAGA_STEP_BACKOFF_MS', 1_000, { min: 1, max: 600_000 }),
        stepBackoffMaxMs: reader.int('SAGA_STEP_BACKOFF_MAX_MS', 10_000, { min: 1, max: 3_600_000 }),
        compensationAttempts: reader.int('SAGA_COMPENSATION_ATTEMPTS', 50, { min: 1, max: 1_000 }),
        compensationBackoffMs: reader.int('SAGA_COMPENSATION_BACKOFF_MS', 1_000, { min: 1, max: 600_000 }),
        compensationBackoffMaxMs: reader.int('SAGA_COMPENSATION_BACKOFF_MAX_MS', 60_000, { min: 1, max: 3_600_000 }),
        concurrency: readStepConcurrency(reader),
        outboxIntervalMs: reader.int('OUTBOX_INTERVAL_MS', 2_000, { min: 10, max: 600_000 }),
        outboxRetentionHours: reader.int('OUTBOX_RETENTION_HOURS', 168, { min: 1, max: 8_760 }),
        lockMs: reader.int('SAGA_LOCK_MS', 10_000, { min: 1_000, max: 600_000 }),
        stalledCheckMs: reader.int('SAGA_STALLED_CHECK_MS', 5_000, { min: 500, max: 600_000 }),
        reconcileIntervalMs: reader.int('SAGA_RECONCILE_INTERVAL_MS', 5_000, { min: 100, max: 600_000 }),
        stalledAfterMs: reader.int('SAGA_STALLED_AFTER_MS', 30_000, { min: 100, max: 3_600_000 }),
        expireAfterMs: reader.int('SAGA_EXPIRE_AFTER_MS', 900_000, { min: 1_000, max: 7 * 86_400_000 }),
      },
    }),
    env,
  );
}

type ConfigReader = Parameters<Parameters<typeof readConfig>[0]>[0];

/**
 * SAGA_CONCURRENCY for local steps, SAGA_REMOTE_CONCURRENCY for steps that call another subgraph, and
 * SAGA_CONCURRENCY_<STEP> (e.g. SAGA_CONCURRENCY_AUTHORIZE_PAYMENT) for one step's queue.
 */
function readStepConcurrency(reader: ConfigReader): Record<CheckoutStep, number> {
  const local = reader.int('SAGA_CONCURRENCY', 10, { min: 1, max: 1_000 });
  const remote = reader.int('SAGA_REMOTE_CONCURRENCY', 16, { min: 1, max: 1_000 });
  const concurrency = {} as Record<CheckoutStep, number>;
  for (const step of CHECKOUT_STEPS) {
    const isLocal = isForwardStep(step) ? CHECKOUT_STEP_TABLE[step].local : COMPENSATION_STEP_TABLE[step].local;
    concurrency[step] = reader.int(`SAGA_CONCURRENCY_${step}`, isLocal ? local : remote, { min: 1, max: 1_000 });
  }
  return concurrency;
}

export const ORDERS_CONFIG = Symbol('ORDERS_CONFIG');
