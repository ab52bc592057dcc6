import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { join } from 'node:path';
import { E2E_ENV, E2E_GATEWAY_URLS, E2E_INSTANCES, E2E_SYSTEM_LOG } from '../support/e2e-environment';

declare global {
  // Shared with global-teardown.ts (same process).
  var e2eSystem: ChildProcess | undefined;
}

const REPO_ROOT = join(__dirname, '..', '..');
// Each instance starts after the previous one (tools/launcher/start-system.ts), so more instances take longer.
const START_TIMEOUT_MS = 120_000 * E2E_INSTANCES;

/**
 * Starts the whole system once for the end-to-end tests, exactly as `npm start -- --fresh` does (from the
 * code `npm test` just built), on its own ports, databases and queue prefix. It runs as a child process so
 * none of its modules load into jest's own process, where tests may run in band. With E2E_INSTANCES=N it runs
 * N copies of every process (`--instances N`).
 */
export default async function globalSetup(): Promise<void> {
  const output: string[] = [];
  const system = spawn(process.execPath, [join(REPO_ROOT, 'tools', 'dist', 'launcher', 'start.js'), '--fresh', '--instances', String(E2E_INSTANCES)], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...E2E_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  globalThis.e2eSystem = system;
  // Kept for the telemetry suite, which reads the run's log lines back (structure, no secrets).
  mkdirSync(dirname(E2E_SYSTEM_LOG), { recursive: true });
  const logFile = createWriteStream(E2E_SYSTEM_LOG);
  for (const stream of [system.stdout!, system.stderr!]) {
    stream.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      logFile.write(chunk);
      if (process.env.E2E_LOGS) process.stdout.write(chunk);
    });
  }
  const exited = new Promise<never>((_, reject) =>
    system.once('exit', (code) => reject(new Error(`The system exited (code ${code}) before it was ready`))),
  );
  try {
    await Promise.race([Promise.all(E2E_GATEWAY_URLS.map(waitForGateway)), exited]);
  } catch (error) {
    system.kill('SIGTERM');
    console.error(`The system did not start:\n${output.join('').slice(-8000)}`);
    throw error;
  }
}

async function waitForGateway(gatewayUrl: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      const response = await fetch(gatewayUrl.replace(/\/graphql$/, '/health/ready'));
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`Gateway not ready at ${gatewayUrl} after ${START_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
