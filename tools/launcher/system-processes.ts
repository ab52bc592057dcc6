import { join } from 'node:path';
import { REPO_ROOT, readConfig, readServiceUrl, envName, type ProcessName } from '@retail/common';

/** One long-running process of the system, and how to tell it is ready to serve. */
export interface ProcessSpec {
  name: string;
  script: string;
  readiness: { url: string; init?: RequestInit };
  /** Variables of this process on top of the system's environment (its ports and peers, for a second instance). */
  env?: NodeJS.ProcessEnv;
}

/** Instance k (from 0) of a process listens on its configured port + k × INSTANCE_PORT_STEP. */
export const INSTANCE_PORT_STEP = 20;

/** The processes `--instances` multiplies; the payment gateway simulator stands in for one external service. */
const INSTANCE_PROCESSES: ProcessName[] = ['accounts', 'catalog', 'orders', 'payments', 'ordersWorker', 'gateway'];

// Every process is probed on its unauthenticated `GET /health/ready`: it answers 200 once its schema (or the
// supergraph) is loaded and its databases, Redis and, for the gateway, its subgraphs answer.
const readinessProbe = (baseUrl: string): ProcessSpec['readiness'] => ({ url: `${baseUrl}/health/ready` });

const dist = (...path: string[]) => join(REPO_ROOT, ...path);

export interface InstanceProcesses {
  /** The subgraphs and the saga worker of this instance. */
  backends: ProcessSpec[];
  gateway: ProcessSpec;
  gatewayUrl: string;
}

/**
 * Every process `npm start` runs: the payment gateway simulator once, then `instances` copies of the
 * subgraphs, the saga worker and the gateway. Copy k listens on the configured ports shifted by
 * k × INSTANCE_PORT_STEP and calls its own copies of the subgraphs; all of them share the databases, Redis
 * and the simulator. The gateways start last, once their subgraphs answer.
 */
export function systemProcesses(env: NodeJS.ProcessEnv, instances = 1): { simulator: ProcessSpec; instances: InstanceProcesses[] } {
  const url = (name: ProcessName) => readConfig((reader) => readServiceUrl(reader, name), env);
  const simulator: ProcessSpec = {
    name: 'payment-gateway',
    script: dist('tools', 'dist', 'payment-gateway-simulator', 'main.js'),
    readiness: readinessProbe(url('paymentGateway')),
  };
  return {
    simulator,
    instances: Array.from({ length: instances }, (_, index) => {
      const shifted = (name: ProcessName) => shiftPort(url(name), index * INSTANCE_PORT_STEP);
      const instanceEnv: NodeJS.ProcessEnv = {};
      for (const name of INSTANCE_PROCESSES) {
        const shiftedUrl = new URL(shifted(name));
        instanceEnv[envName(name, 'PORT')] = shiftedUrl.port;
        instanceEnv[envName(name, 'URL')] = shiftedUrl.origin;
      }
      const suffix = instances > 1 ? `#${index + 1}` : '';
      const spec = (name: string, script: string[], process: ProcessName): ProcessSpec => ({
        name: `${name}${suffix}`,
        script: dist(...script),
        readiness: readinessProbe(shifted(process)),
        env: index === 0 ? {} : instanceEnv,
      });
      return {
        backends: [
          spec('accounts', ['subgraphs', 'accounts', 'dist', 'main.js'], 'accounts'),
          spec('catalog', ['subgraphs', 'catalog', 'dist', 'main.js'], 'catalog'),
          spec('orders', ['subgraphs', 'orders', 'dist', 'main.js'], 'orders'),
          spec('payments', ['subgraphs', 'payments', 'dist', 'main.js'], 'payments'),
          spec('orders-worker', ['subgraphs', 'orders', 'dist', 'worker.js'], 'ordersWorker'),
        ],
        gateway: spec('gateway', ['gateway', 'dist', 'main.js'], 'gateway'),
        gatewayUrl: `${shifted('gateway')}/graphql`,
      };
    }),
  };
}

function shiftPort(baseUrl: string, by: number): string {
  if (by === 0) return baseUrl;
  const url = new URL(baseUrl);
  url.port = String(Number(url.port || (url.protocol === 'https:' ? 443 : 80)) + by);
  return url.origin;
}

/** One-shot scripts run before the processes start: demo data and the administrator. */
export function seedScripts(): { name: string; script: string }[] {
  return [
    { name: 'seed:accounts', script: dist('subgraphs', 'accounts', 'dist', 'seed.js') },
    { name: 'seed:catalog', script: dist('subgraphs', 'catalog', 'dist', 'seed.js') },
  ];
}
