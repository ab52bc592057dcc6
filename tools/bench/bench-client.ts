import { readFileSync, readdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { Kind, parse, print } from 'graphql';
import { REPO_ROOT } from '@retail/common';

/** One operation of the client contract (gateway/operations/client.graphql), by name, as clients send it. */
export function clientOperation(name: string): string {
  const document = parse(readFileSync(join(REPO_ROOT, 'gateway', 'operations', 'client.graphql'), 'utf8'));
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.name?.value === name);
  if (!operation) throw new Error(`gateway/operations/client.graphql has no operation ${name}`);
  return print(operation);
}

/**
 * A GraphQL client over keep-alive HTTP/1.1 connections (node:http, no fetch), so the bench's own CPU per
 * request stays small next to the servers it measures.
 */
export class GraphQLHttpClient {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(url: string, maxSockets: number, private readonly headers: Record<string, string> = {}) {
    this.url = new URL(url);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  /** POSTs a request body as is; resolves with the response text of a 200, rejects on anything else. */
  send(body: string, headers: Record<string, string> = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...this.headers, ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode === 200) resolve(text);
            else reject(new Error(`HTTP ${res.statusCode} from ${this.url.href}: ${text.slice(0, 300)}`));
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(60_000, () => req.destroy(new Error(`no answer from ${this.url.href} within 60 s`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Runs one operation; resolves with its data, rejects on GraphQL errors. */
  async post<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const text = await this.send(JSON.stringify({ query, variables }), token ? { authorization: `Bearer ${token}` } : {});
    const body = JSON.parse(text) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length || !body.data) throw new Error(`${this.url.href}: ${JSON.stringify(body.errors)}`);
    return body.data;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `task` in `concurrency` lanes, each starting its next run when the last ends, until `seconds` pass; latencies in ms. */
export async function runFor(seconds: number, concurrency: number, task: () => Promise<unknown>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const lane = async () => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      await task();
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { latencies, seconds: (performance.now() - start) / 1000 };
}

/** Runs `task(i)` for i < count with at most `concurrency` in flight. */
export async function forEachLimited(count: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

/** Resident memory (MiB) of one process, from /proc; undefined once it has ended. */
export function residentMiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(status.match(/^VmRSS:\s+(\d+)/m)?.[1] ?? 0) / 1024);
  } catch {
    return undefined;
  }
}

/** This process's children: pid and the script each runs (the last argument of its command line), from /proc. */
export function childProcesses(parentPid = process.pid): { pid: number; script: string }[] {
  const result: { pid: number; script: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      if (Number(status.match(/^PPid:\s+(\d+)/m)?.[1]) !== parentPid) continue;
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      result.push({ pid: Number(entry), script: args[args.length - 1] ?? entry });
    } catch {
      // the process ended while we looked
    }
  }
  return result;
}
