import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_PORTS, REPO_ROOT, type ProcessName } from '@retail/common';

/**
 * docker/compose.yaml, checked offline (no Docker engine here): every service waits for healthy
 * dependencies, runs in production mode, and receives only its own secrets, as files.
 */
interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; target: string };
  command?: string[];
  environment?: Record<string, string | number>;
  secrets?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  profiles?: string[];
  volumes?: string[];
  restart?: string;
  stop_grace_period?: string;
}

const COMPOSE_DIR = join(REPO_ROOT, 'docker');
const compose = parse(readFileSync(join(COMPOSE_DIR, 'compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  secrets: Record<string, { file: string }>;
};
const services = compose.services;

/** The system's own long-running processes, by compose service, with the topology's process name. */
const APP_SERVICES: Record<string, ProcessName> = {
  'payment-gateway': 'paymentGateway',
  accounts: 'accounts',
  catalog: 'catalog',
  orders: 'orders',
  'orders-worker': 'ordersWorker',
  payments: 'payments',
  gateway: 'gateway',
};
const DATABASE_OF: Record<string, string> = {
  accounts: 'accounts',
  catalog: 'catalog',
  orders: 'orders',
  'orders-worker': 'orders',
  payments: 'payments',
};
const OBSERVABILITY = ['otel-collector', 'jaeger', 'prometheus', 'grafana'];

describe('docker/compose.yaml', () => {
  it('has the databases, Redis, the setup job, every process and the observability services', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['postgres', 'mariadb', 'redis', 'setup', ...Object.keys(APP_SERVICES), ...OBSERVABILITY].sort(),
    );
  });

  it.each(Object.entries(APP_SERVICES))('probes %s on /health/ready of its own port, and restarts it', (service, process) => {
    const spec = services[service]!;
    expect(spec.healthcheck?.test).toEqual([
      'CMD',
      'node',
      'tools/dist/healthcheck/probe.js',
      `http://127.0.0.1:${DEFAULT_PORTS[process]}/health/ready`,
    ]);
    expect(spec.restart).toBe('unless-stopped');
    // Longer than the services' SHUTDOWN_GRACE_MS (20 s), so SIGTERM's graceful shutdown can finish.
    expect(spec.stop_grace_period).toBe('30s');
    expect(spec.build?.target).toBe(service);
  });

  it('starts a service only once what it needs is healthy (or, for setup, completed)', () => {
    for (const [name, spec] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(spec.depends_on ?? {})) {
        expect({ name, dependency, known: dependency in services }).toEqual({ name, dependency, known: true });
        const expected = dependency === 'setup' ? 'service_completed_successfully' : 'service_healthy';
        // Observability services have no health check of their own to wait for.
        if (OBSERVABILITY.includes(name)) continue;
        expect({ name, dependency, condition }).toEqual({ name, dependency, condition: expected });
        expect(services[dependency]!.healthcheck ?? dependency === 'setup').toBeTruthy();
      }
    }
    for (const service of Object.keys(APP_SERVICES).filter((name) => name !== 'payment-gateway')) {
      expect({ service, setup: services[service]!.depends_on?.setup }).toEqual({
        service,
        setup: { condition: 'service_completed_successfully' },
      });
    }
    expect(Object.keys(services.gateway!.depends_on ?? {}).sort()).toEqual(
      ['accounts', 'catalog', 'orders', 'payments', 'redis', 'setup'].sort(),
    );
    expect(Object.keys(services.setup!.depends_on ?? {}).sort()).toEqual(['mariadb', 'postgres', 'redis']);
  });

  it('has no dependency cycle', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string, path: string[]): void => {
      if (done.has(name)) return;
      if (visiting.has(name)) throw new Error(`depends_on cycle: ${[...path, name].join(' -> ')}`);
      visiting.add(name);
      for (const dependency of Object.keys(services[name]?.depends_on ?? {})) visit(dependency, [...path, name]);
      visiting.delete(name);
      done.add(name);
    };
    expect(() => Object.keys(services).forEach((name) => visit(name, []))).not.toThrow();
  });

  it('runs every process in production mode', () => {
    for (const service of [...Object.keys(APP_SERVICES), 'setup']) {
      expect({ service, NODE_ENV: services[service]!.environment?.NODE_ENV }).toEqual({ service, NODE_ENV: 'production' });
    }
  });

  it('hands secrets over only as files, each service getting its own and no other', () => {
    const secretLike = /SECRET|PASSWORD|DATABASE_URL|ADMIN_URL|API_KEY|PRIVATE_KEY/;
    for (const [name, spec] of Object.entries(services)) {
      const mounted = spec.secrets ?? [];
      for (const [variable, value] of Object.entries(spec.environment ?? {})) {
        if (!secretLike.test(variable)) continue;
        // JWT_PRIVATE_KEY_FILE names a file already; every other secret goes through its *_FILE variant.
        expect({ name, variable, isFile: variable.endsWith('_FILE') }).toEqual({ name, variable, isFile: true });
        const secret = String(value).match(/^\/run\/secrets\/([a-z_]+)$/)?.[1];
        expect({ name, variable, mounted: secret !== undefined && mounted.includes(secret) }).toEqual({ name, variable, mounted: true });
      }
      for (const secret of mounted) expect({ name, secret, declared: secret in compose.secrets }).toEqual({ name, secret, declared: true });
    }
    for (const [service, database] of Object.entries(DATABASE_OF)) {
      const databaseSecrets = (services[service]!.secrets ?? []).filter((secret) => /database_url|admin_url|_password$/.test(secret));
      expect({ service, databaseSecrets }).toEqual({ service, databaseSecrets: [`${database}_database_url`] });
    }
    expect(services.gateway!.secrets).toEqual(['gateway_client_secret']);
    // Only the setup job holds the database administrators' credentials.
    const holders = Object.entries(services)
      .filter(([, spec]) => (spec.secrets ?? []).some((secret) => secret.endsWith('_admin_url')))
      .map(([name]) => name);
    expect(holders).toEqual(['setup']);
  });

  it('declares exactly the secret files docker/make-secrets.sh writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-secrets-'));
    try {
      execFileSync('sh', [join(COMPOSE_DIR, 'make-secrets.sh'), dir], { stdio: 'pipe' });
      const written = readdirSync(dir).sort();
      expect(written).toEqual(Object.keys(compose.secrets).sort());
      for (const [name, { file }] of Object.entries(compose.secrets)) expect(file).toBe(`./secrets/${name}`);
      // One database user per service, none of them an administrator.
      for (const service of ['accounts', 'catalog', 'orders', 'payments']) {
        expect(readFileSync(join(dir, `${service}_database_url`), 'utf8')).toMatch(new RegExp(`^(postgresql|mysql)://${service}:[0-9a-f]{48}@`));
      }
      expect(readFileSync(join(dir, 'jwt_signing_key'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs Redis for BullMQ: persistent, and never evicting keys', () => {
    expect(services.redis!.command).toEqual(
      expect.arrayContaining(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']),
    );
    expect(services.redis!.volumes).toEqual(['redis-data:/data']);
  });

  it('keeps the traces and metrics services behind the observability profile, with their config files', () => {
    for (const name of OBSERVABILITY) expect({ name, profiles: services[name]!.profiles }).toEqual({ name, profiles: ['observability'] });
    for (const name of Object.keys(services).filter((service) => !OBSERVABILITY.includes(service))) {
      expect({ name, profiles: services[name]!.profiles }).toEqual({ name, profiles: undefined });
    }
    expect(services['otel-collector']!.volumes).toEqual(['./otel-collector.yaml:/etc/otelcol/config.yaml:ro']);
    expect(existsSync(join(COMPOSE_DIR, 'otel-collector.yaml'))).toBe(true);
    // The scrape config and the Grafana provisioning live beside compose.yaml (docker/prometheus.yml, docker/grafana/).
    expect(services.prometheus!.volumes).toEqual(['./prometheus.yml:/etc/prometheus/prometheus.yml:ro']);
    expect(services.grafana!.volumes).toEqual(['./grafana:/etc/grafana/provisioning:ro']);
  });
});
