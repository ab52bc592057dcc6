import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { envName, type SubgraphName } from '@retail/common';

/** A real subgraph running as its own process from its built `dist/main.js`. */
export interface SubgraphProcess {
  url: string;
  stop(): Promise<void>;
}

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
const READY_TIMEOUT_MS = 30_000;

/**
 * Starts a subgraph as the launcher does (`node subgraphs/<name>/dist/main.js`, built by `npm run build`) on a
 * free loopback port with `env` added, and waits for its `GET /health`. A process of its own because NestJS
 * keeps GraphQL types in one registry per process: two subgraphs that both define `Product` cannot share one.
 */
export async function startSubgraphProcess(name: SubgraphName, env: Record<string, string>): Promise<SubgraphProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(REPO_ROOT, 'subgraphs', name, 'dist', 'main.js')], {
    cwd: REPO_ROOT,
    env: { ...process.env, BIND_HOST: '127.0.0.1', [envName(name, 'PORT')]: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4_000)));
  try {
    await waitForHealth(url, child);
  } catch (error) {
    await stop(child);
    throw new Error(`${name} did not start: ${(error as Error).message}\n${stderr}`);
  }
  return { url, stop: () => stop(child) };
}

/** A saga worker process (`node subgraphs/orders/dist/worker.js`), for tests that kill one. */
export interface WorkerProcess {
  /** SIGKILL: the worker dies holding whatever jobs it runs. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

const WORKER_READY_LINE = 'checkout saga workers running';

/** Starts the orders saga worker from its built code with `env` added; resolves once its workers run. */
export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'subgraphs', 'orders', 'dist', 'worker.js')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`orders worker did not start:\n${output}`)), READY_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4_000);
      if (output.includes(WORKER_READY_LINE)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`orders worker exited with code ${code}:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop(child);
    throw error;
  });
  // Keep draining its output so the pipe never fills.
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    kill: () => stop(child, 'SIGKILL'),
    stop: () => stop(child),
  };
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`no answer on ${url}/health`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
