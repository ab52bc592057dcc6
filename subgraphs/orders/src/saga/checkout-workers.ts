import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import { ORDERS_CONFIG, type OrdersConfig } from '../config';
import { CHECKOUT_QUEUES, type CheckoutJobData } from './checkout-queues';
import { CAPPED_EXPONENTIAL_BACKOFF } from './checkout-queues.service';
import { CHECKOUT_STEPS, isForwardStep, type CheckoutStep } from './checkout-steps';
import { CheckoutOrchestrator } from './checkout-orchestrator';
import { OutboxRelay } from './outbox-relay';
import { redisConnectionOptions } from './redis-connection';

/**
 * One BullMQ worker per step queue, registered from the step table; start-up fails if a step has no
 * handler. A forward step whose last attempt failed turns the saga to compensation. Also starts the outbox
 * relay's recovery interval.
 */
@Injectable()
export class CheckoutWorkers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CheckoutWorkers.name);
  private readonly workers: Worker<CheckoutJobData>[] = [];

  constructor(
    private readonly orchestrator: CheckoutOrchestrator,
    private readonly relay: OutboxRelay,
    @Inject(ORDERS_CONFIG) private readonly config: OrdersConfig,
  ) {}

  onApplicationBootstrap(): void {
    const missing = CHECKOUT_STEPS.filter((step) => !this.orchestrator.hasHandler(step));
    if (missing.length > 0) throw new Error(`Checkout queues without a handler: ${missing.join(', ')}`);
    const connection = redisConnectionOptions(this.config.redisUrl, { blocking: true });
    for (const step of CHECKOUT_STEPS) this.workers.push(this.createWorker(step, connection));
    this.relay.startInterval();
  }

  /** Stops taking jobs and waits for the running ones; the queues close after this (onApplicationShutdown). */
  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }

  private createWorker(step: CheckoutStep, connection: ConnectionOptions): Worker<CheckoutJobData> {
    const { compensationBackoffMaxMs, concurrency } = this.config.saga;
    const worker = new Worker<CheckoutJobData>(
      CHECKOUT_QUEUES[step],
      (job) => this.orchestrator.run(step, job.data.orderId),
      {
        connection,
        prefix: this.config.queuePrefix,
        concurrency,
        settings: {
          backoffStrategy: (attemptsMade, type, _error, job) => {
            if (type !== CAPPED_EXPONENTIAL_BACKOFF) return 0;
            const delay = (job?.opts.backoff as { delay?: number } | undefined)?.delay ?? 1_000;
            return Math.min(compensationBackoffMaxMs, delay * 2 ** Math.max(0, attemptsMade - 1));
          },
        },
      },
    );
    worker.on('failed', (job, error) => this.onFailed(step, job, error));
    worker.on('error', (error) => this.logger.error(`${step} worker: ${error.message}`));
    return worker;
  }

  private onFailed(step: CheckoutStep, job: Job<CheckoutJobData> | undefined, error: Error): void {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    const orderId = job.data.orderId;
    // Business failures already started compensation before throwing UnrecoverableError.
    if (error.name === 'UnrecoverableError') return;
    if (job.attemptsMade < attempts) {
      this.logger.warn(`${step} of order ${orderId} failed (attempt ${job.attemptsMade}/${attempts}): ${error.message}`);
      return;
    }
    if (!isForwardStep(step)) {
      this.logger.error(`Compensation ${step} of order ${orderId} gave up after ${attempts} attempts: ${error.message}`);
      return;
    }
    this.logger.error(`${step} of order ${orderId} gave up after ${attempts} attempts; compensating: ${error.message}`);
    this.orchestrator
      .failStep(step, orderId)
      .catch((failure: unknown) => this.logger.error(`Could not compensate order ${orderId}: ${(failure as Error).message}`));
  }
}
