import { applyOutboundTls, loadTlsConfig, readConfig, readServiceUrl } from '@retail/common';
import { prepareDatabases } from '../db/prepare-databases';
import { Supervisor, waitUntilReady } from './supervisor';
import { seedScripts, systemProcesses } from './system-processes';

export interface RunningSystem {
  gatewayUrl: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** Called if a process dies on its own after start; the rest are stopped first. */
  onCrash?: (name: string, code: number | null) => void;
}

/**
 * Starts the whole system from built code: creates and migrates the four databases, seeds the demo catalog
 * and the administrator, starts the payment gateway simulator, the subgraphs and the saga worker, then the
 * gateway once its subgraphs answer. Used by `npm start` and by the end-to-end tests.
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
  try {
    await prepareSystem(env, supervisor);
    const { backends, gateway } = systemProcesses(env);
    for (const spec of backends) supervisor.start(spec);
    await Promise.all(backends.map((spec) => waitUntilReady(spec)));
    supervisor.start(gateway);
    await waitUntilReady(gateway);
  } catch (error) {
    await supervisor.stopAll();
    throw error;
  }
  const gatewayUrl = `${readConfig((reader) => readServiceUrl(reader, 'gateway'), env)}/graphql`;
  return { gatewayUrl, stop: () => supervisor.stopAll() };
}

/** Creates and migrates the databases, then seeds the demo catalog and the administrator. Idempotent. */
export async function prepareSystem(env: NodeJS.ProcessEnv, supervisor: Supervisor): Promise<void> {
  await prepareDatabases(env);
  for (const seed of seedScripts()) await supervisor.run(seed);
}
