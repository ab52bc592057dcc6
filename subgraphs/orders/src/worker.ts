import './worker-telemetry';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createWorker } from './app';
import { applyOutboundTls, loadTlsConfig } from '@retail/common';
import { loadOrdersConfig } from './config';

/** The checkout saga worker process. On SIGTERM/SIGINT: workers finish their jobs and close, then the queues. */
async function main(): Promise<void> {
  const config = loadOrdersConfig();
  await applyOutboundTls(loadTlsConfig());
  const worker = await createWorker(config);
  const logger = new Logger('orders-worker');
  logger.log(`checkout saga workers running (queue prefix "${config.queuePrefix}")`);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received, shutting down`);
    worker.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
