import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { bullmqTelemetry } from '@retail/common';
import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import { ORDERS_CONFIG, type OrdersConfig } from '../config';
import { CHECKOUT_QUEUES, type CheckoutJobData } from './checkout-queues';
import { CAPPED_EXPONENTIAL_BACKOFF } from './checkout-queues.service';
import { CHECKOUT_STEPS, isForwardStep, type CheckoutStep } from './checkout-steps';
import { CheckoutOrchestrator } from './checkout-orchestrator';
import { CheckoutReconciler } from './checkout-reconciler';
import { OutboxRelay } from './outbox-relay';
import { redisConnectionOptions } from './redis-connection';
import { runSagaJob } from './saga-job-telemetry';

/** How often a job may be found stalled (its worker died) before BullMQ fails it; the reconciler re-enqueues it then. */
const MAX_STALLED_COUNT = 3;

/**
 * One BullMQ worker per step queue, registered from the step table; start-up fails if a step has no
 * handler. Also starts the outbox relay's recovery interval and the reconciler.
 */
@Injectable()
export class CheckoutWorkers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CheckoutWorkers.name);
  private readonly workers: Worker<CheckoutJobData>[] = [];

  constructor(
    private readonly orchestrator: CheckoutOrchestrator,
    private readonly relay: OutboxRelay,
    private readonly reconciler: CheckoutReconciler,
    @Inject(ORDERS_CONFIG) private readonly config: OrdersConfig,
  ) {}

  onApplicationBootstrap(): void {
    const missing = CHECKOUT_STEPS.filter((step) => !this.orchestrator.hasHandler(step));
    if (missing.length > 0) throw new Error(`Checkout queues without a handler: ${missing.join(', ')}`);
    const connection = redisConnectionOptions(this.config.redisUrl, { blocking: true });
    for (const step of CHECKOUT_STEPS) this.workers.push(this.createWorker(step, connection));
    this.relay.startInterval();
    this.reconciler.start();
  }

  /** Stops taking jobs and waits for the running ones; the queues close after this (onApplicationShutdown). */
  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }

  private createWorker(step: CheckoutStep, connection: ConnectionOptions): Worker<CheckoutJobData> {
    const { concurrency, lockMs, stalledCheckMs } = this.config.saga;
    const maxBackoffMs = isForwardStep(step) ? this.config.saga.stepBackoffMaxMs : this.config.saga.compensationBackoffMaxMs;
    const worker = new Worker<CheckoutJobData>(
      CHECKOUT_QUEUES[step],
      (job) => runSagaJob(step, job, () => this.orchestrator.run(step, job.data.orderId)),
      {
        connection,
        prefix: this.config.queuePrefix,
        telemetry: bullmqTelemetry(),
        concurrency: concurrency[step],
        // A SIGKILLed worker cannot release its jobs: they are free once the lock lapses (the running worker
        // renews it every lockMs / 2) and are handed on at the next stalled check of any worker.
        lockDuration: lockMs,
        stalledInterval: stalledCheckMs,
        maxStalledCount: MAX_STALLED_COUNT,
        settings: {
          backoffStrategy: (attemptsMade, type, _error, job) => {
            if (type !== CAPPED_EXPONENTIAL_BACKOFF) return 0;
            const delay = (job?.opts.backoff as { delay?: number } | undefined)?.delay ?? 1_000;
            return Math.min(maxBackoffMs, delay * 2 ** Math.max(0, attemptsMade - 1));
          },
        },
      },
    );
    worker.on('failed', (job, error) => this.onFailed(step, job, error));
    worker.on('error', (error) => this.logger.error(`${step} worker: ${error.message}`));
    return worker;
  }

  /** Logs a job that ran out of attempts; parking and compensation were decided by the orchestrator already. */
  private onFailed(step: CheckoutStep, job: Job<CheckoutJobData> | undefined, error: Error): void {
    if (!job || error.name === 'UnrecoverableError') return;
    const attempts = job.opts.attempts ?? 1;
    if (job.attemptsMade < attempts) return;
    this.logger.warn(
      `${step} of order ${job.data.orderId}: job gave up after ${job.attemptsMade} attempts (${error.message}); ` +
        'the reconciler enqueues the step again',
    );
  }
}
