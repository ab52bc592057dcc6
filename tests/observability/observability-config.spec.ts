import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const dashboard = JSON.parse(readFileSync(join(ROOT, 'docker', 'grafana', 'dashboards', 'retail-overview.json'), 'utf8'));
const prometheus = parse(readFileSync(join(ROOT, 'docker', 'prometheus.yml'), 'utf8'));

/** Every `name: '...'` of a prom-client metric defined in the sources. */
function definedMetricNames(): Set<string> {
  const names = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (['node_modules', 'dist', 'generated'].includes(entry)) continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) visit(path);
      else if (path.endsWith('.ts') && !path.endsWith('.spec.ts')) {
        for (const match of readFileSync(path, 'utf8').matchAll(/name: '([a-z_]+)',\n\s+help:/g)) names.add(match[1]!);
      }
    }
  };
  for (const dir of ['subgraphs', 'gateway', 'tools']) visit(join(ROOT, dir));
  return names;
}

describe('observability configuration in docker/', () => {
  it('scrapes /metrics of every process at its compose address', () => {
    const targets = prometheus.scrape_configs.flatMap((job: { static_configs: { targets: string[] }[] }) =>
      job.static_configs.flatMap((config) => config.targets),
    );
    expect(targets.sort()).toEqual(
      ['accounts:4001', 'catalog:4002', 'gateway:4000', 'orders-worker:4005', 'orders:4003', 'payment-gateway:4010', 'payments:4004'],
    );
  });

  it('charts only metrics the processes export', () => {
    const defined = definedMetricNames();
    const used = new Set<string>();
    for (const panel of dashboard.panels) {
      for (const target of panel.targets ?? []) {
        // Metric names: identifiers with an underscore that are neither functions nor label matchers.
        for (const match of (target.expr as string).matchAll(/\b([a-z][a-z0-9]*_[a-z0-9_]+)\b(?!\s*[=~!(])/g)) used.add(match[1]!.replace(/_(bucket|count|sum)$/, ''));
      }
    }
    expect(used).toContain('checkout_sagas');
    expect(used.size).toBeGreaterThan(10);
    // prom-client's process metrics (collectDefaultMetrics) are not defined in the sources.
    const missing = [...used].filter((name) => !defined.has(name) && !/^(process|nodejs)_/.test(name));
    expect(missing).toEqual([]);
  });

  it('describes every panel and uses the provisioned Prometheus data source', () => {
    for (const panel of dashboard.panels.filter((panel: { type: string }) => panel.type !== 'row')) {
      expect(panel.title).toBeTruthy();
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: 'prometheus' });
    }
  });
});
