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

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
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
