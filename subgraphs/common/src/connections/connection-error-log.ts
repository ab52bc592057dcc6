import { Logger } from '@nestjs/common';

/**
 * A listener for the `'error'` events of a connection (a database pool's, a Redis client's), which logs them
 * as warnings instead of letting an unlistened `'error'` event crash the process. Drops come in bursts (a
 * database terminating fifty connections, a Redis client retrying every few hundred milliseconds), so it writes
 * at most one line per second and counts the rest.
 */
export function connectionErrorLog(context: string, what: string, consequence: string): (error: Error) => void {
  const logger = new Logger(context);
  let lastLogged = 0;
  let suppressed = 0;
  return (error) => {
    const now = Date.now();
    if (now - lastLogged < 1_000) {
      suppressed += 1;
      return;
    }
    const more = suppressed > 0 ? ` (and ${suppressed} more since the last report)` : '';
    logger.warn(`${what}: ${error.message || String(error)}${more}; ${consequence}`);
    lastLogged = now;
    suppressed = 0;
  };
}
