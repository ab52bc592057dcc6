import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { nodeArguments } from '@retail/common';
import { waitUntilReady } from '../launcher/supervisor';
import type { ProcessSpec } from '../launcher/system-processes';

/** A process of the chaos system that died without the suite killing it. */
export interface UnexpectedDeath {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  at: Date;
}

interface Managed {
  spec: ProcessSpec;
  command: string;
  args: string[];
  child?: ChildProcess;
  /** Set just before the suite kills it, so its exit is not counted as a death. */
  killedBySuite: boolean;
  /** Resolves once the process serves; the spec's HTTP probe when absent. */
  ready?: () => Promise<void>;
}

/**
 * The processes of the chaos system: the services (node scripts), two or more orders-workers and a
 * redis-server of its own. Each can be SIGKILLed and started again; any exit the suite did not cause is
 * recorded. Output goes to one log file per process under `logDir`, so the suite's own output stays readable.
 */
export class ChaosSystem {
  readonly unexpectedDeaths: UnexpectedDeath[] = [];
  private readonly processes = new Map<string, Managed>();
  private readonly logs = new Map<string, WriteStream>();
  private stopping = false;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly logDir: string,
  ) {
    mkdirSync(logDir, { recursive: true });
  }

  /** Registers a node service (script + readiness probe) under `spec.name` and starts it. */
  startService(spec: ProcessSpec): Promise<void> {
    this.processes.set(spec.name, {
      spec,
      command: process.execPath,
      args: [...nodeArguments(this.env), spec.script],
      killedBySuite: false,
    });
    return this.start(spec.name);
  }

  /** Registers any command (redis-server) under `name` and starts it; it is up once `ready()` resolves. */
  startCommand(name: string, command: string, args: string[], ready: () => Promise<void>): Promise<void> {
    const spec = { name, script: command, readiness: { url: '' } };
    this.processes.set(name, { spec, command, args, killedBySuite: false, ready });
    return this.start(name);
  }

  names(): string[] {
    return [...this.processes.keys()];
  }

  /** SIGKILL: no shutdown hooks, no goodbyes, like a machine losing power. */
  async kill(name: string): Promise<void> {
    const managed = this.get(name);
    const child = managed.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    managed.killedBySuite = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  /** Starts a stopped process again and waits until it answers its readiness probe. */
  async start(name: string): Promise<void> {
    const managed = this.get(name);
    managed.killedBySuite = false;
    const child = spawn(managed.command, managed.args, { env: { ...this.env, ...managed.spec.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    managed.child = child;
    const log = this.log(name);
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.once('exit', (code, signal) => {
      log.write(`--- exited (code ${code}, signal ${signal}) at ${new Date().toISOString()}\n`);
      if (!managed.killedBySuite && !this.stopping) {
        this.unexpectedDeaths.push({ name, code, signal, at: new Date() });
      }
    });
    await (managed.ready ? managed.ready() : waitUntilReady(managed.spec, { timeoutMs: 90_000 }));
  }

  /** Last resort when the suite itself dies: SIGKILL every child at once (synchronous, for process 'exit'). */
  killAllNow(): void {
    for (const { child } of this.processes.values()) {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }

  isRunning(name: string): boolean {
    const child = this.processes.get(name)?.child;
    return !!child && child.exitCode === null && child.signalCode === null;
  }

  /** Stops everything: SIGTERM, then SIGKILL after a grace period. Exits from here on are not deaths. */
  async stopAll(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.processes.values()].map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
            const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
            child.once('exit', () => {
              clearTimeout(force);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    await Promise.all([...this.logs.values()].map((log) => new Promise<void>((resolve) => log.end(() => resolve()))));
  }

  private get(name: string): Managed {
    const managed = this.processes.get(name);
    if (!managed) throw new Error(`No chaos process named ${name}`);
    return managed;
  }

  private log(name: string): WriteStream {
    let log = this.logs.get(name);
    if (!log) {
      log = createWriteStream(join(this.logDir, `${name}.log`), { flags: 'a' });
      this.logs.set(name, log);
    }
    return log;
  }
}
