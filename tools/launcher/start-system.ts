import { applyOutboundTls, loadTlsConfig } from '@retail/common';
import { prepareDatabases } from '../db/prepare-databases';
import { Supervisor, waitUntilReady } from './supervisor';
import { seedScripts, systemProcesses, type ProcessSpec } from './system-processes';

export interface RunningSystem {
  /** The first gateway's endpoint. */
  gatewayUrl: string;
  /** Every gateway's endpoint, one per instance. */
  gatewayUrls: string[];
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** Called if a process dies on its own after start; the rest are stopped first. */
  onCrash?: (name: string, code: number | null) => void;
  /** How many copies of every process but the payment gateway simulator to run (`--instances`); 1 by default. */
  instances?: number;
  /** Aborting it while the system starts (Ctrl-C, SIGTERM) stops what already runs and rejects. */
  signal?: AbortSignal;
}

/**
 * Starts the whole system from built code: creates and migrates the four databases, seeds the demo catalog
 * and the administrator, starts the payment gateway simulator, the subgraphs and the saga worker, then the
 * gateway once its subgraphs answer. The first instance starts alone, so a second cannot race it to create
 * development state (accounts' signing key). Used by `npm start` and by the end-to-end tests.
 */
export async function startSystem(options: StartOptions = {}): Promise<RunningSystem> {
  const env = { NODE_ENV: 'development', ...(options.env ?? process.env) };
  const log = options.log ?? ((line: string) => console.log(line));
  const supervisor: Supervisor = new Supervisor({
    env,
    log,
    onUnexpectedExit: (name, code) => {
      log(`${name} exited unexpectedly (code ${code}); stopping the system`);
      void supervisor.stopAll().then(() => options.onCrash?.(name, code));
    },
  });
  // The readiness probes use https when the service URLs say so, trusting TLS_CA_FILE like the services do.
  await applyOutboundTls(loadTlsConfig(env));
  const signal = options.signal ?? new AbortController().signal;
  const stopOnAbort = () => void supervisor.stopAll();
  signal.addEventListener('abort', stopOnAbort, { once: true });
  const startAndWait = async (specs: ProcessSpec[]) => {
    signal.throwIfAborted();
    for (const spec of specs) supervisor.start(spec);
    await Promise.all(specs.map((spec) => waitUntilReady(spec, { signal })));
  };
  try {
    await prepareSystem(env, supervisor);
    const { simulator, instances } = systemProcesses(env, options.instances ?? 1);
    await startAndWait([simulator]);
    const [first, ...others] = instances;
    await startAndWait(first!.backends);
    await startAndWait(others.flatMap((instance) => instance.backends));
    await startAndWait(instances.map((instance) => instance.gateway));
  } catch (error) {
    await supervisor.stopAll();
    throw error;
  } finally {
    signal.removeEventListener('abort', stopOnAbort);
  }
  const gatewayUrls = systemProcesses(env, options.instances ?? 1).instances.map((instance) => instance.gatewayUrl);
  return { gatewayUrl: gatewayUrls[0]!, gatewayUrls, stop: () => supervisor.stopAll() };
}


/** Creates and migrates the databases, then seeds the demo catalog and the administrator. Idempotent. */
export async function prepareSystem(env: NodeJS.ProcessEnv, supervisor: Supervisor): Promise<void> {
  await prepareDatabases(env);
  for (const seed of seedScripts()) await supervisor.run(seed);
}
