import { wipeState } from './fresh-start';
import { startSystem } from './start-system';

/**
 * `npm start`: the whole system on this machine's PostgreSQL, MariaDB and Redis; Ctrl-C stops it all.
 * `npm start -- --fresh` first drops the databases and queues it would use; `--instances N` runs N copies of
 * every process (ports shifted by 20 per copy) on the same databases and Redis.
 */
async function main(): Promise<void> {
  if (process.argv.includes('--fresh')) await wipeState(process.env);
  const instances = instancesArgument(process.argv);
  // A signal during start-up stops what already runs; once started, it stops the whole system.
  const starting = new AbortController();
  let system: Awaited<ReturnType<typeof startSystem>> | undefined;
  let stopping = false;
  const stop = () => {
    if (!system) return starting.abort(new Error('Stopped while starting'));
    if (stopping) return;
    stopping = true;
    console.log('Stopping…');
    void system.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  system = await startSystem({ onCrash: () => process.exit(1), instances, signal: starting.signal });
  const production = process.env.NODE_ENV === 'production';
  console.log(
    [
      '',
      `  Retail supergraph ready: ${system.gatewayUrls.join(', ')}`,
      production ? '' : `  Apollo Sandbox:           open ${system.gatewayUrl} in a browser`,
      `  Administrator:            ${process.env.ADMIN_EMAIL ?? 'admin@example.com'}`,
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

/** `--instances N` (or `--instances=N`): 1 to 5 copies; 1 without the option. */
function instancesArgument(argv: string[]): number {
  const index = argv.findIndex((arg) => arg === '--instances' || arg.startsWith('--instances='));
  if (index < 0) return 1;
  const raw = argv[index]!.includes('=') ? argv[index]!.split('=')[1] : argv[index + 1];
  const instances = Number(raw);
  if (!Number.isInteger(instances) || instances < 1 || instances > 5) {
    throw new Error(`--instances must be a whole number from 1 to 5, got "${raw ?? ''}"`);
  }
  return instances;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
