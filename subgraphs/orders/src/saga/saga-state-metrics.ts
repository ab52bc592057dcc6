import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { metricsRegistry } from '@retail/common';
import { PrismaService } from '../prisma/prisma.service';
import { CHECKOUT_QUEUES } from './checkout-queues';
import { CheckoutQueuesService } from './checkout-queues.service';
import { CHECKOUT_STEPS, SAGA_DONE } from './checkout-steps';

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

/** The worker whose state the gauges read at scrape time; none in processes without the saga worker. */
let source: SagaStateMetrics | undefined;

new Gauge({
  name: 'checkout_sagas',
  help: 'Unfinished checkout sagas: running forward, compensating, or parked for an operator (NEEDS_ATTENTION)',
  labelNames: ['state'],
  registers: [metricsRegistry],
  async collect() {
    if (!source) return;
    const counts = await source.sagaCounts();
    for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
  },
});

new Gauge({
  name: 'checkout_queue_jobs',
  help: 'Jobs in each checkout saga queue, by BullMQ state',
  labelNames: ['queue', 'state'],
  registers: [metricsRegistry],
  async collect() {
    if (!source) return;
    for (const [queue, counts] of await source.queueCounts()) {
      for (const state of JOB_STATES) this.set({ queue, state }, counts[state] ?? 0);
    }
  },
});

new Gauge({
  name: 'outbox_backlog_messages',
  help: 'Outbox messages written but not yet published',
  registers: [metricsRegistry],
  async collect() {
    if (source) this.set((await source.outbox()).backlog);
  },
});

new Gauge({
  name: 'outbox_oldest_unpublished_seconds',
  help: 'Age of the oldest unpublished outbox message (0 when none): how far publishing lags right now',
  registers: [metricsRegistry],
  async collect() {
    if (source) this.set((await source.outbox()).oldestSeconds);
  },
});

/**
 * Gauges of the saga's shared state, read from the orders database and Redis when Prometheus scrapes the
 * worker: sagas by state (running, compensating, parked), queue depths by job state, outbox backlog. Every
 * worker instance reports the same totals: aggregate them with max(), not sum().
 */
@Injectable()
export class SagaStateMetrics implements OnModuleInit, OnModuleDestroy {
  private outboxReading?: Promise<{ backlog: number; oldestSeconds: number }>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly queues: CheckoutQueuesService,
  ) {}

  onModuleInit(): void {
    source = this;
  }

  onModuleDestroy(): void {
    if (source === this) source = undefined;
  }

  async sagaCounts(): Promise<Record<'running' | 'compensating' | 'parked', number>> {
    const unfinished = { step: { not: SAGA_DONE } };
    const [running, compensating, parked] = await Promise.all([
      this.prisma.checkoutSaga.count({ where: { ...unfinished, compensating: false, parkedAt: null } }),
      this.prisma.checkoutSaga.count({ where: { ...unfinished, compensating: true, parkedAt: null } }),
      this.prisma.checkoutSaga.count({ where: { parkedAt: { not: null } } }),
    ]);
    return { running, compensating, parked };
  }

  async queueCounts(): Promise<[string, Record<string, number>][]> {
    return Promise.all(
      CHECKOUT_STEPS.map(async (step) => [CHECKOUT_QUEUES[step], await this.queues.queue(step).getJobCounts(...JOB_STATES)] as [string, Record<string, number>]),
    );
  }

  /** One query for both outbox gauges of a scrape. */
  outbox(): Promise<{ backlog: number; oldestSeconds: number }> {
    this.outboxReading ??= this.readOutbox().finally(() => {
      this.outboxReading = undefined;
    });
    return this.outboxReading;
  }

  private async readOutbox(): Promise<{ backlog: number; oldestSeconds: number }> {
    const pending = { publishedAt: null };
    const [backlog, oldest] = await Promise.all([
      this.prisma.outboxMessage.count({ where: pending }),
      this.prisma.outboxMessage.findFirst({ where: pending, orderBy: { id: 'asc' }, select: { createdAt: true } }),
    ]);
    return { backlog, oldestSeconds: oldest ? Math.max(0, (Date.now() - oldest.createdAt.getTime()) / 1000) : 0 };
  }
}
