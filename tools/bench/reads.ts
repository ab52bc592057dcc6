import { GraphQLHttpClient, clientOperation, runFor } from './bench-client';
import { startCpuMeasure, type BenchProcess } from './process-cpu';
import { percentile } from './ramp-stats';

export const READ_CONCURRENCY = 16;
export const READ_SECONDS = 10;
const WARM_UP_SECONDS = 3;
/** The storefront's product list: `Products(first: 20)`, the same query and variables for every target. */
const BODY = JSON.stringify({ query: clientOperation('Products'), variables: { first: 20 } });

/** One endpoint that answers `Products`: a gateway, or the catalog subgraph itself. */
export interface ReadTarget {
  label: string;
  url: string;
  /** Headers of every request (the catalog subgraph wants a service token). */
  headers?: Record<string, string>;
  /** The process serving the endpoint (the gateway under test), whose CPU gets a column of its own. */
  edgeProcess?: string;
}

export interface ReadResult {
  label: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU ms per request: of the edge process, of the catalog, and of every process the bench launched. */
  edgeCpuMsPerRequest?: number;
  catalogCpuMsPerRequest: number;
  allCpuMsPerRequest: number;
  errors: number;
  firstError?: string;
}

/**
 * Checks the target's answer in full, then sends `Products(first: 20)` for WARM_UP_SECONDS at the bench's
 * concurrency, so that code paths are compiled and connections open before anything is measured.
 */
export async function warmUp(target: ReadTarget): Promise<void> {
  const client = new GraphQLHttpClient(target.url, READ_CONCURRENCY, target.headers);
  try {
    const first = JSON.parse(await client.send(BODY)) as { data?: { products?: { edges?: unknown[] } }; errors?: unknown };
    if (first.errors || !first.data?.products?.edges?.length) throw new Error(`${target.label} answered ${JSON.stringify(first).slice(0, 300)}`);
    await runFor(WARM_UP_SECONDS, READ_CONCURRENCY, () => client.send(BODY).catch(() => undefined));
  } finally {
    client.close();
  }
}

/**
 * Sends `Products(first: 20)` from READ_CONCURRENCY lanes back to back (each sends its next request when its
 * last is answered) for READ_SECONDS; an answer with errors counts as an error.
 */
export async function measureReads(target: ReadTarget, processes: BenchProcess[]): Promise<ReadResult> {
  const client = new GraphQLHttpClient(target.url, READ_CONCURRENCY, target.headers);
  try {
    let errors = 0;
    let firstError: string | undefined;
    const request = async () => {
      try {
        const text = await client.send(BODY);
        if (text.includes('"errors"')) throw new Error(text.slice(0, 300));
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    };
    const cpu = startCpuMeasure(processes);
    const { latencies, seconds } = await runFor(READ_SECONDS, READ_CONCURRENCY, request);
    const cpuMs = cpu();
    const perRequest = (ms: number | undefined) => (ms ?? 0) / latencies.length;
    return {
      label: target.label,
      requestsPerSecond: latencies.length / seconds,
      p50Ms: percentile(latencies, 50)!,
      p99Ms: percentile(latencies, 99)!,
      edgeCpuMsPerRequest: target.edgeProcess ? perRequest(cpuMs.get(target.edgeProcess)) : undefined,
      catalogCpuMsPerRequest: perRequest(cpuMs.get('catalog')),
      allCpuMsPerRequest: perRequest([...cpuMs.values()].reduce((sum, ms) => sum + ms, 0)),
      errors,
      firstError,
    };
  } finally {
    client.close();
  }
}
