import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { RUNTIME_ENVIRONMENT, nodeArguments } from '@retail/common';
import type { ProcessSpec } from './system-processes';

const COLORS = [36, 33, 35, 32, 34, 91, 96];

export interface SupervisorOptions {
  env: NodeJS.ProcessEnv;
  /** Where prefixed output lines go. */
  log: (line: string) => void;
  /** Called once if any process exits on its own: the system is then stopped as a whole. */
  onUnexpectedExit?: (name: string, code: number | null) => void;
}

/**
 * Runs the system's processes as children with `[name]`-prefixed output, and stops them all together
 * (SIGTERM, then SIGKILL after a grace period).
 */
export class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  private stopping = false;
  private spawned = 0;

  constructor(private readonly options: SupervisorOptions) {}

  /** Starts a long-running process; its exit, unless the supervisor is stopping, counts as a crash. */
  start(spec: ProcessSpec | { name: string; script: string }): ChildProcess {
    if (this.children.has(spec.name)) throw new Error(`${spec.name} is already running`);
    const child = this.spawn(spec);
    this.children.set(spec.name, child);
    child.on('exit', (code) => {
      this.children.delete(spec.name);
      if (!this.stopping) this.options.onUnexpectedExit?.(spec.name, code);
    });
    return child;
  }

  /** Runs a one-shot script to completion; rejects if it exits non-zero. */
  async run(spec: { name: string; script: string }): Promise<void> {
    const child = this.spawn(spec);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`${spec.name} exited with code ${code}`);
  }

  private spawn(spec: { name: string; script: string; env?: NodeJS.ProcessEnv }): ChildProcess {
    const color = COLORS[this.spawned++ % COLORS.length];
    // Colours only on a terminal: piped into a file or a collector, lines stay plain text.
    const terminal = process.stdout.isTTY === true;
    const prefix = terminal ? `\u001b[${color}m[${spec.name}]\u001b[0m` : `[${spec.name}]`;
    // The system's runtime environment, as in the images; the caller's own variables win, and its NODE_OPTIONS
    // come after the system's, so each of its options wins.
    const env = { ...RUNTIME_ENVIRONMENT, ...this.options.env, ...spec.env };
    env.NODE_OPTIONS = [RUNTIME_ENVIRONMENT.NODE_OPTIONS, this.options.env.NODE_OPTIONS, spec.env?.NODE_OPTIONS].filter(Boolean).join(' ');
    const child = spawn(process.execPath, [...nodeArguments(env), spec.script], {
      // Children write into a pipe; FORCE_COLOR tells their loggers that the lines end up on a terminal.
      env: terminal ? { FORCE_COLOR: '1', ...env } : env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream! }).on('line', (line) => this.options.log(`${prefix} ${line}`));
    }
    return child;
  }

  /**
   * SIGTERM to every process, SIGKILL to those still running after `graceMs`: a little longer than the
   * services' own SHUTDOWN_GRACE_MS (20 s by default), so they can finish their requests and saga jobs.
   */
  async stopAll(graceMs = 25_000): Promise<void> {
    this.stopping = true;
    const exits = [...this.children.values()].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    );
    await Promise.all(exits);
  }
}

/** Polls `readiness.url` until it answers 2xx; fails after `timeoutMs`, or at once when `signal` aborts. */
export async function waitUntilReady(
  spec: ProcessSpec,
  { timeoutMs = 60_000, signal }: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<void> {
  if (!spec.readiness.url) return;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const response = await fetch(spec.readiness.url, { ...spec.readiness.init, signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${spec.name} was not ready at ${spec.readiness.url} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
