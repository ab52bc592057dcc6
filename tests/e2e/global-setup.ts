// Global setup runs outside jest's module mapping: relative imports only (and @retail/common from its build).
import Redis from 'ioredis';
import { SUBGRAPH_NAMES, envName } from '@retail/common';
import { dropDatabase } from '../../tools/db/migration-runner';
import { startSystem, type RunningSystem } from '../../tools/launcher/start-system';
import { E2E_ENV } from '../support/e2e-environment';

declare global {
  // Shared with global-teardown.ts (same process).
  var e2eSystem: RunningSystem | undefined;
}

/**
 * Starts the whole system once for the end-to-end tests, from built code (`npm test` builds first), on
 * fresh databases and an empty queue namespace, so every run starts from the same state.
 */
export default async function globalSetup(): Promise<void> {
  for (const service of SUBGRAPH_NAMES) await dropDatabase(E2E_ENV[envName(service, 'DATABASE_URL')]);
  await deleteQueueKeys(E2E_ENV.QUEUE_PREFIX);

  const output: string[] = [];
  const log = (line: string) => {
    output.push(line);
    if (process.env.E2E_LOGS) console.log(line);
  };
  try {
    globalThis.e2eSystem = await startSystem({
      env: { ...process.env, ...E2E_ENV },
      log,
      onCrash: (name, code) => console.error(`${name} crashed (exit ${code}):\n${output.slice(-50).join('\n')}`),
    });
  } catch (error) {
    console.error(`The system did not start:\n${output.slice(-80).join('\n')}`);
    throw error;
  }
}

async function deleteQueueKeys(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
