import { join } from 'node:path';
import { REPO_ROOT, readConfig, readServiceUrl, type ProcessName } from '@retail/common';

/** One long-running process of the system, and how to tell it is ready to serve. */
export interface ProcessSpec {
  name: string;
  script: string;
  readiness: { url: string; init?: RequestInit };
}

// Subgraphs answer GraphQL only to service tokens, so every process is probed on its unauthenticated
// `GET /health`; servers listen only once their GraphQL schema (or the supergraph) is loaded.
const healthProbe = (baseUrl: string): ProcessSpec['readiness'] => ({ url: `${baseUrl}/health` });

const dist = (...path: string[]) => join(REPO_ROOT, ...path);

/**
 * Every process `npm start` runs, in start order, as two waves: the backends first, then the gateway,
 * which needs its subgraphs reachable.
 */
export function systemProcesses(env: NodeJS.ProcessEnv): { backends: ProcessSpec[]; gateway: ProcessSpec } {
  const url = (name: ProcessName) => readConfig((reader) => readServiceUrl(reader, name), env);
  return {
    backends: [
      {
        name: 'payment-gateway',
        script: dist('tools', 'dist', 'payment-gateway-simulator', 'main.js'),
        readiness: healthProbe(url('paymentGateway')),
      },
      { name: 'accounts', script: dist('subgraphs', 'accounts', 'dist', 'main.js'), readiness: healthProbe(url('accounts')) },
      { name: 'catalog', script: dist('subgraphs', 'catalog', 'dist', 'main.js'), readiness: healthProbe(url('catalog')) },
      { name: 'orders', script: dist('subgraphs', 'orders', 'dist', 'main.js'), readiness: healthProbe(url('orders')) },
      { name: 'payments', script: dist('subgraphs', 'payments', 'dist', 'main.js'), readiness: healthProbe(url('payments')) },
      // The saga worker has no port; it is ready once it runs, and it fails loudly if it cannot start.
      { name: 'orders-worker', script: dist('subgraphs', 'orders', 'dist', 'worker.js'), readiness: { url: '' } },
    ],
    gateway: { name: 'gateway', script: dist('gateway', 'dist', 'main.js'), readiness: healthProbe(url('gateway')) },
  };
}

/** One-shot scripts run before the processes start: demo data and the administrator. */
export function seedScripts(): { name: string; script: string }[] {
  return [
    { name: 'seed:accounts', script: dist('subgraphs', 'accounts', 'dist', 'seed.js') },
    { name: 'seed:catalog', script: dist('subgraphs', 'catalog', 'dist', 'seed.js') },
  ];
}
