import { rmSync } from 'node:fs';
import Redis from 'ioredis';
import { SUBGRAPH_NAMES, readConfig, readRedisUrl } from '@retail/common';
import { dropDatabase } from '../db/migration-runner';
import { readDatabaseUrls } from '../db/prepare-databases';
import { readPaymentGatewayLedgerFile } from '../payment-gateway-simulator/main';

/**
 * `npm start -- --fresh`: forget all state first (drop the four databases, the queue keys under QUEUE_PREFIX and
 * the payment gateway simulator's ledger) so the system starts as on a new machine. Refused in production.
 */
export async function wipeState(env: NodeJS.ProcessEnv): Promise<void> {
  if (env.NODE_ENV === 'production') throw new Error('--fresh drops every database; it is refused in production');
  const urls = readDatabaseUrls(env);
  for (const service of SUBGRAPH_NAMES) await dropDatabase(urls[service]);
  rmSync(readConfig((reader) => readPaymentGatewayLedgerFile(reader), env), { force: true });
  const prefix = env.QUEUE_PREFIX || 'retail';
  const redis = new Redis(readConfig((reader) => readRedisUrl(reader), env));
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
