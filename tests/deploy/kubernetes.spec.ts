import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { DEFAULT_PORTS, NODE_OPTIONS, REPO_ROOT, RUNTIME_ENVIRONMENT, type ProcessName } from '@retail/common';

/**
 * deploy/kubernetes, rendered as `kubectl apply -k` would and validated offline: every object against the
 * Kubernetes API's JSON schema (from the kubernetes-models package), then the wiring between objects.
 */
type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: any;
};

const BASE = join(REPO_ROOT, 'deploy', 'kubernetes');

function mebibytes(quantity: string): number {
  const match = quantity.match(/^(\d+)(Mi|Gi)$/);
  if (!match) throw new Error(`unexpected memory quantity ${quantity}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

/**
 * The Kustomize base rendered: its resources, in order, each put in the base's namespace. The base uses no
 * other Kustomize field; an unknown one fails here rather than being ignored.
 */
function renderKustomization(dir: string): K8sObject[] {
  const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Record<string, unknown>;
  const unsupported = Object.keys(kustomization).filter((key) => !['apiVersion', 'kind', 'namespace', 'resources'].includes(key));
  if (unsupported.length > 0) throw new Error(`kustomization.yaml uses fields this renderer does not apply: ${unsupported.join(', ')}`);
  const namespace = kustomization.namespace as string;
  return (kustomization.resources as string[]).flatMap((file) =>
    parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((document) => {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]!.message}`);
      const object = document.toJSON() as K8sObject;
      if (object.kind === 'Namespace') return object;
      return { ...object, metadata: { ...object.metadata, namespace } };
    }),
  );
}

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': Ingress,
};

const objects = renderKustomization(BASE);
const ofKind = (kind: string) => objects.filter((object) => object.kind === kind);
const named = (kind: string, name: string) => objects.find((object) => object.kind === kind && object.metadata.name === name);

/** Every process, by Deployment name, with the topology's process name (and so its port). */
const PROCESSES: Record<string, ProcessName> = {
  gateway: 'gateway',
  accounts: 'accounts',
  catalog: 'catalog',
  orders: 'orders',
  'orders-worker': 'ordersWorker',
  payments: 'payments',
  'payment-gateway': 'paymentGateway',
};
const AUTOSCALED = ['gateway', 'accounts', 'catalog', 'orders', 'orders-worker', 'payments'];
/** The database each process may reach: its Secret holds that database's URL and no other. */
const DATABASE_OF: Record<string, string | undefined> = {
  gateway: undefined,
  accounts: 'accounts',
  catalog: 'catalog',
  orders: 'orders',
  'orders-worker': 'orders',
  payments: 'payments',
  'payment-gateway': undefined,
};

function podSpecOf(object: K8sObject): any {
  return object.spec.template.spec;
}

describe('deploy/kubernetes', () => {
  it('renders a Deployment and Service per process, HPAs and PDBs, config, secrets, the migrations Job and an Ingress', () => {
    const summary = (kind: string) => ofKind(kind).map((object) => object.metadata.name).sort();
    expect(summary('Deployment')).toEqual(Object.keys(PROCESSES).sort());
    expect(summary('Service')).toEqual(Object.keys(PROCESSES).sort());
    expect(summary('HorizontalPodAutoscaler')).toEqual([...AUTOSCALED].sort());
    expect(summary('PodDisruptionBudget')).toEqual([...AUTOSCALED].sort());
    expect(summary('ConfigMap')).toEqual(['retail-config']);
    expect(summary('Job')).toEqual(['retail-setup']);
    expect(summary('Ingress')).toEqual(['gateway']);
    expect(summary('Namespace')).toEqual(['retail']);
    expect(ofKind('Secret').length).toBeGreaterThan(0);
  });

  it('validates every object against the Kubernetes API schema', () => {
    const problems: string[] = [];
    for (const object of objects) {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`];
      if (!Model) {
        problems.push(`${object.apiVersion} ${object.kind} ${object.metadata.name}: no schema known to this test`);
        continue;
      }
      try {
        new Model(object).validate();
      } catch (error) {
        problems.push(`${object.kind} ${object.metadata.name}: ${(error as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('catches an invalid object (the schemas are really applied)', () => {
    const broken = structuredClone(named('Deployment', 'gateway')!);
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'four thousand';
    expect(() => new Deployment(broken).validate()).toThrow(/containerPort must be integer/);
  });

  it.each(Object.entries(PROCESSES))('probes %s: startup and liveness on /health/live, readiness on /health/ready', (name, process) => {
    const deployment = named('Deployment', name)!;
    const [container, ...others] = podSpecOf(deployment).containers;
    expect(others).toEqual([]);
    expect(container.ports).toEqual([{ name: 'http', containerPort: DEFAULT_PORTS[process] }]);
    expect(container.startupProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    // The images' runtime environment applies (not overridden here), and its heap limit leaves room in the
    // container's memory for the young generation, code and buffers (about 100 MiB measured).
    const overridden = (container.env ?? []).map((variable: { name: string }) => variable.name);
    for (const name of Object.keys(RUNTIME_ENVIRONMENT)) expect(overridden).not.toContain(name);
    const heapMiB = Number(NODE_OPTIONS.match(/--max-old-space-size=(\d+)/)![1]);
    expect(mebibytes(container.resources.limits.memory)).toBeGreaterThanOrEqual(heapMiB + 128);
    expect(container.image).toMatch(new RegExp(`^retail/${name}:\\d+\\.\\d+\\.\\d+$`));
    // The grace period covers the preStop pause and the process's own SHUTDOWN_GRACE_MS.
    const graceMs = Number(named('ConfigMap', 'retail-config')!.data.SHUTDOWN_GRACE_MS);
    const preStopSeconds = Number(container.lifecycle.preStop.exec.command[1]);
    expect(podSpecOf(deployment).terminationGracePeriodSeconds * 1000).toBeGreaterThan(graceMs + preStopSeconds * 1000);
  });

  it.each(Object.keys(PROCESSES))('runs %s as non-root, read-only, without privileges, and with only its own secrets', (name) => {
    const pod = podSpecOf(named('Deployment', name)!);
    const [container] = pod.containers;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod.automountServiceAccountToken).toBe(false);

    const secretVolumes = pod.volumes.filter((volume: any) => volume.secret);
    expect(secretVolumes).toHaveLength(1);
    const secret = named('Secret', secretVolumes[0].secret.secretName)!;
    expect(secret).toBeDefined();
    const keys: string[] = secretVolumes[0].secret.items.map((item: { key: string }) => item.key);
    for (const key of keys) expect({ name, key, inSecret: key in secret.stringData }).toEqual({ name, key, inSecret: true });
    const databases = keys.filter((key) => /database_url|admin_url/.test(key));
    const database = DATABASE_OF[name];
    expect({ name, databases }).toEqual({ name, databases: database ? [`${database}_database_url`] : [] });
    // Every *_FILE variable names a mounted secret file.
    for (const { name: variable, value } of container.env.filter((env: { name: string }) => env.name.endsWith('_FILE'))) {
      expect({ variable, mounted: keys.map((key) => `/run/secrets/${key}`).includes(value) }).toEqual({ variable, mounted: true });
    }
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'retail-config' } }]);
  });

  it('selects each process\'s pods from its Service, HPA and PDB', () => {
    for (const service of ofKind('Service')) {
      const deployment = named('Deployment', service.metadata.name)!;
      const podLabels = deployment.spec.template.metadata.labels;
      expect(deployment.spec.selector.matchLabels).toEqual(service.spec.selector);
      for (const [key, value] of Object.entries(service.spec.selector)) expect(podLabels[key]).toBe(value);
      expect(service.spec.ports).toEqual([{ name: 'http', port: podSpecOf(deployment).containers[0].ports[0].containerPort, targetPort: 'http' }]);
    }
    for (const hpa of ofKind('HorizontalPodAutoscaler')) {
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: hpa.metadata.name });
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
      expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
      // The HPA owns the replica count; a fixed one would be reset on every apply.
      expect(named('Deployment', hpa.metadata.name)!.spec.replicas).toBeUndefined();
    }
    for (const pdb of ofKind('PodDisruptionBudget')) {
      expect(pdb.spec.selector.matchLabels).toEqual(named('Deployment', pdb.metadata.name)!.spec.selector.matchLabels);
    }
  });

  it('routes only the API and the admin pages to the gateway through the Ingress, over TLS', () => {
    const ingress = named('Ingress', 'gateway')!;
    const paths = ingress.spec.rules.flatMap((rule: any) => rule.http.paths);
    expect(paths.map((path: any) => `${path.pathType} ${path.path}`)).toEqual(['Exact /graphql', 'Prefix /admin']);
    for (const path of paths) expect(path.backend.service).toEqual({ name: 'gateway', port: { name: 'http' } });
    expect(ingress.spec.tls).toEqual([{ hosts: [ingress.spec.rules[0].host], secretName: 'retail-tls' }]);
  });

  it('migrates with a Job that alone holds the administrators\' credentials', () => {
    const job = named('Job', 'retail-setup')!;
    const pod = podSpecOf(job);
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.containers[0].image).toMatch(/^retail\/setup:\d+\.\d+\.\d+$/);
    expect(pod.volumes.find((volume: any) => volume.secret).secret.secretName).toBe('retail-setup');
    const holders = ofKind('Secret').filter((secret) => Object.keys(secret.stringData).some((key) => key.endsWith('_admin_url')));
    expect(holders.map((secret) => secret.metadata.name)).toEqual(['retail-setup']);
  });

  it('configures every process for production, with the URL of every service called by another', () => {
    const config = named('ConfigMap', 'retail-config')!.data;
    expect(config.NODE_ENV).toBe('production');
    for (const name of Object.keys(RUNTIME_ENVIRONMENT)) expect(config[name]).toBeUndefined();
    for (const [name, process] of Object.entries(PROCESSES).filter(([name]) => name !== 'gateway')) {
      const variable = `${process.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}_URL`;
      expect({ variable, value: config[variable] }).toEqual({ variable, value: `http://${name}:${DEFAULT_PORTS[process]}` });
    }
  });
});
