import './worker-telemetry';
import { runService } from '@retail/common';
import { createWorkerApp } from './app';
import { loadOrdersConfig } from './config';

/**
 * The checkout saga worker process: serves its health routes on ORDERS_WORKER_PORT. On SIGTERM it stops
 * taking jobs, lets the running ones finish within SHUTDOWN_GRACE_MS, then exits (see runService).
 */
function loadWorkerConfig() {
  const config = loadOrdersConfig();
  return { ...config, port: config.workerPort };
}

runService('orders-worker', loadWorkerConfig, createWorkerApp);
