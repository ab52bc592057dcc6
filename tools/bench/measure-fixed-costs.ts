import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { GraphQLHttpClient, runFor } from './bench-client';
import type { FixedCosts } from './fixed-costs';
import { startCpuMeasure, type BenchProcess } from './process-cpu';

const CONCURRENCY = 16;
const SECONDS = 5;
const NOOP_JOBS = 3_000;
const TYPENAME = JSON.stringify({ query: '{ __typename }' });

/** `{ __typename }` from CONCURRENCY lanes for SECONDS: CPU ms per request of the process that answers it. */
async function typenameCost(url: string, processName: string, processes: BenchProcess[], headers: Record<string, string> = {}): Promise<number> {
  const client = new GraphQLHttpClient(url, CONCURRENCY, headers);
  try {
    const first = await client.send(TYPENAME);
    if (!first.includes('"__typename"')) throw new Error(`${url} answered ${first.slice(0, 300)}`);
    await runFor(1, CONCURRENCY, () => client.send(TYPENAME));
    const cpu = startCpuMeasure(processes);
    const { latencies } = await runFor(SECONDS, CONCURRENCY, () => client.send(TYPENAME));
    return (cpu().get(processName) ?? 0) / latencies.length;
  } finally {
    client.close();
  }
}

/** Redis's own CPU time in ms (user + system), from `INFO cpu`. */
async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const seconds = (name: string) => Number(info.match(new RegExp(`^${name}:([\\d.]+)`, 'm'))?.[1] ?? 0);
  return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1000;
}

/**
 * NOOP_JOBS jobs added in bulk and run by a worker in this process that does nothing with them, with the saga's
 * job options (attempts, removal on completion): CPU per job of this process and of Redis.
 */
async function noopJobCost(redisUrl: string, prefix: string): Promise<{ nodeMs: number; redisMs: number }> {
  const name = 'bench-noop';
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue(name, { connection, prefix });
  const redis = new Redis(redisUrl);
  let done = 0;
  let allDone!: () => void;
  const finished = new Promise<void>((resolve) => (allDone = resolve));
  const worker = new Worker(name, async () => undefined, { connection, prefix, concurrency: CONCURRENCY, autorun: false });
  worker.on('completed', () => {
    if (++done === NOOP_JOBS) allDone();
  });
  try {
    await queue.obliterate({ force: true });
    const startNode = process.cpuUsage();
    const startRedis = await redisCpuMs(redis);
    void worker.run();
    for (let i = 0; i < NOOP_JOBS; i += 100) {
      const jobs = Array.from({ length: Math.min(100, NOOP_JOBS - i) }, (_, j) => ({
        name,
        data: { orderId: `order-${i + j}` },
        opts: { jobId: `noop-${i + j}`, attempts: 5, removeOnComplete: true, removeOnFail: true },
      }));
      await queue.addBulk(jobs);
    }
    await finished;
    const node = process.cpuUsage(startNode);
    const redisMs = (await redisCpuMs(redis)) - startRedis;
    return { nodeMs: (node.user + node.system) / 1000 / NOOP_JOBS, redisMs: redisMs / NOOP_JOBS };
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    redis.disconnect();
  }
}

export async function measureFixedCosts(options: {
  gatewayUrl: string;
  catalogUrl: string;
  serviceToken: string;
  redisUrl: string;
  queuePrefix: string;
  processes: BenchProcess[];
}): Promise<FixedCosts> {
  const gatewayMs = await typenameCost(options.gatewayUrl, 'gateway', options.processes);
  const subgraphMs = await typenameCost(options.catalogUrl, 'catalog', options.processes, { authorization: `Bearer ${options.serviceToken}` });
  const job = await noopJobCost(options.redisUrl, options.queuePrefix);
  return { gatewayMs, subgraphMs, jobNodeMs: job.nodeMs, jobRedisMs: job.redisMs };
}
