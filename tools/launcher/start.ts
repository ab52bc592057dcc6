import { wipeState } from './fresh-start';
import { startSystem } from './start-system';

/**
 * `npm start`: the whole system on this machine's PostgreSQL, MariaDB and Redis; Ctrl-C stops it all.
 * `npm start -- --fresh` first drops the databases and queues it would use.
 */
async function main(): Promise<void> {
  if (process.argv.includes('--fresh')) await wipeState(process.env);
  const system = await startSystem({ onCrash: () => process.exit(1) });
  const production = process.env.NODE_ENV === 'production';
  console.log(
    [
      '',
      `  Retail supergraph ready: ${system.gatewayUrl}`,
      production ? '' : `  Apollo Sandbox:           open ${system.gatewayUrl} in a browser`,
      `  Administrator:            ${process.env.ADMIN_EMAIL ?? 'admin@example.com'}`,
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping…');
    void system.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
