import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import { bullmqTelemetry, contextFromTraceparent } from '@retail/common';
import { Queue, type JobsOptions } from 'bullmq';
import { connectionErrorLog } from '@retail/common';
import { ORDERS_CONFIG, type OrdersConfig } from '../config';
import { CHECKOUT_QUEUES, stepOfQueue, type CheckoutJobData } from './checkout-queues';
import { isForwardStep, type CheckoutStep } from './checkout-steps';
import { redisConnectionOptions } from './redis-connection';

/** Backoff type of every saga job: exponential, capped per kind of step (see CheckoutWorkers). */
export const CAPPED_EXPONENTIAL_BACKOFF = 'capped-exponential';

/** A job to publish, as stored in the outbox. */
export interface OutboundJob {
  queue: string;
  jobName: string;
  jobId: string;
  payload: unknown;
}

/** The BullMQ queues of the saga's steps (producer side), and the options each step's jobs get. */
@Injectable()
export class CheckoutQueuesService implements OnApplicationShutdown {
  private readonly queues = new Map<CheckoutStep, Queue<CheckoutJobData>>();
  private readonly logRedisError = connectionErrorLog('CheckoutQueues', 'Redis', 'the outbox relay retries');
  private readonly traced = bullmqTelemetry() !== undefined;

  constructor(@Inject(ORDERS_CONFIG) private readonly config: OrdersConfig) {}

  /** The queue of a step, connected on first use (building the app, e.g. to print its SDL, needs no Redis). */
  queue(step: CheckoutStep): Queue<CheckoutJobData> {
    let queue = this.queues.get(step);
    if (!queue) {
      queue = new Queue(CHECKOUT_QUEUES[step], {
        connection: redisConnectionOptions(this.config.redisUrl),
        prefix: this.config.queuePrefix,
        telemetry: bullmqTelemetry(),
      });
      // Publishing fails while Redis is away; the outbox keeps the message and the relay publishes it later.
      queue.on('error', this.logRedisError);
      this.queues.set(step, queue);
    }
    return queue;
  }

  /**
   * Forward steps retry a few times, compensations for much longer (the saga row counts the attempts and
   * decides when to park). Finished jobs are removed at once: a job id still held in Redis would make BullMQ
   * drop the reconciler's re-enqueue of that step, and a duplicate that runs after the step finished is a
   * no-op anyway (the saga row says the step is no longer due).
   */
  jobOptions(step: CheckoutStep): JobsOptions {
    const saga = this.config.saga;
    if (isForwardStep(step)) {
      return {
        attempts: saga.stepAttempts,
        backoff: { type: CAPPED_EXPONENTIAL_BACKOFF, delay: saga.stepBackoffMs },
        removeOnComplete: true,
        removeOnFail: true,
      };
    }
    return {
      attempts: saga.compensationAttempts,
      backoff: { type: CAPPED_EXPONENTIAL_BACKOFF, delay: saga.compensationBackoffMs },
      removeOnComplete: true,
      removeOnFail: true,
    };
  }

  /**
   * Adds one job. A job id BullMQ already knows is ignored, so publishing twice is harmless. The job is added
   * in the trace of the work that wrote the message (its `traceparent`), whichever process relays it.
   */
  async publish(job: OutboundJob): Promise<void> {
    const step = stepOfQueue(job.queue);
    if (!step) throw new Error(`Outbox message for unknown queue ${job.queue}`);
    const data = job.payload as CheckoutJobData;
    await context.with(contextFromTraceparent(data.traceparent), () =>
      this.queue(step).add(job.jobName, data, { jobId: job.jobId, ...this.jobOptions(step) }),
    );
  }

  /**
   * Adds many jobs, one Redis round trip per queue (`addBulk`). With tracing on, each job is added on its own
   * in the trace of the work that wrote it, as `publish` does: a bulk add would put every job in one trace.
   */
  async publishMany(jobs: readonly OutboundJob[]): Promise<void> {
    if (this.traced) {
      await Promise.all(jobs.map((job) => this.publish(job)));
      return;
    }
    const byStep = new Map<CheckoutStep, { name: string; data: CheckoutJobData; opts: JobsOptions }[]>();
    for (const job of jobs) {
      const step = stepOfQueue(job.queue);
      if (!step) throw new Error(`Outbox message for unknown queue ${job.queue}`);
      let bulk = byStep.get(step);
      if (!bulk) byStep.set(step, (bulk = []));
      bulk.push({ name: job.jobName, data: job.payload as CheckoutJobData, opts: { jobId: job.jobId, ...this.jobOptions(step) } });
    }
    await Promise.all([...byStep].map(([step, bulk]) => this.queue(step).addBulk(bulk)));
  }

  // After the workers (closed in onModuleDestroy) and the relay have stopped.
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
