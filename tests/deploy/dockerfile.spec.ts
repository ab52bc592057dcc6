import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_PORTS, REPO_ROOT, RUNTIME_ENVIRONMENT } from '@retail/common';

/**
 * docker/Dockerfile, checked offline in the spirit of hadolint: pinned base images, exec-form commands,
 * slim runtime images (built output and production dependencies only, never the source tree) run by a
 * non-root user, and one target per compose service whose entry point exists.
 */
interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  from: string;
  name: string;
  instructions: Instruction[];
}

function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of logical) {
    const [keyword, ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword!.toUpperCase(), args: rest.join(' ') };
    if (instruction.keyword === 'FROM') {
      const match = instruction.args.match(/^(\S+)(?:\s+AS\s+(\S+))?$/i)!;
      stages.push({ from: match[1]!.replace(/\$\{(\w+)\}/g, (_, name: string) => args[name] ?? ''), name: match[2] ?? '', instructions: [] });
    } else if (stages.length === 0 && instruction.keyword === 'ARG') {
      const [name, value] = instruction.args.split('=');
      args[name!] = value ?? '';
    } else {
      stages[stages.length - 1]!.instructions.push(instruction);
    }
  }
  return { args, stages };
}

const { stages } = parseDockerfile(readFileSync(join(REPO_ROOT, 'docker', 'Dockerfile'), 'utf8'));
const stage = (name: string) => stages.find((candidate) => candidate.name === name)!;
const compose = parse(readFileSync(join(REPO_ROOT, 'docker', 'compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, { build?: { target: string } }>;
};
const TARGET_PORTS: Record<string, number | undefined> = {
  setup: undefined,
  'payment-gateway': DEFAULT_PORTS.paymentGateway,
  accounts: DEFAULT_PORTS.accounts,
  catalog: DEFAULT_PORTS.catalog,
  orders: DEFAULT_PORTS.orders,
  payments: DEFAULT_PORTS.payments,
  'orders-worker': DEFAULT_PORTS.ordersWorker,
  gateway: DEFAULT_PORTS.gateway,
};

/** The stage chain of `name` up to its base image, e.g. gateway -> runtime -> node:…. */
function ancestry(name: string): string[] {
  const chain = [name];
  let current = stage(name);
  while (current && stages.some((candidate) => candidate.name === current.from)) {
    chain.push(current.from);
    current = stage(current.from);
  }
  return chain;
}

describe('docker/Dockerfile', () => {
  it('pins every base image to a version, never latest', () => {
    for (const { from } of stages.filter((candidate) => !stages.some((other) => other.name === candidate.from))) {
      expect(from).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(from).not.toMatch(/:latest$/);
    }
  });

  it('builds one target per compose service, each on the slim runtime stage', () => {
    const targets = Object.values(compose.services)
      .map((service) => service.build?.target)
      .filter((target): target is string => target !== undefined)
      .sort();
    expect(targets).toEqual(Object.keys(TARGET_PORTS).sort());
    for (const target of targets) expect(ancestry(target).slice(0, 2)).toEqual([target, 'runtime']);
  });

  it('runs each target as the non-root node user, its entry point in exec form and built from a real source', () => {
    expect(stage('runtime').instructions.filter((instruction) => instruction.keyword === 'USER')).toEqual([
      { keyword: 'USER', args: 'node' },
    ]);
    for (const [target, port] of Object.entries(TARGET_PORTS)) {
      const instructions = stage(target).instructions;
      expect(instructions.some((instruction) => instruction.keyword === 'USER')).toBe(false);
      const cmd = instructions.find((instruction) => instruction.keyword === 'CMD')!;
      const argv = JSON.parse(cmd.args) as string[];
      expect(argv[0]).toBe('node');
      // dist/<path>.js is compiled from src/<path>.ts (tools compile in place: tools/dist/<path>.js from tools/<path>.ts).
      const source = argv[1]!.replace(/^tools\/dist\//, 'tools/').replace('/dist/', '/src/').replace(/\.js$/, '.ts');
      expect({ target, source, exists: existsSync(join(REPO_ROOT, source)) }).toEqual({ target, source, exists: true });
      const exposed = instructions.find((instruction) => instruction.keyword === 'EXPOSE')?.args;
      expect({ target, exposed }).toEqual({ target, exposed: port === undefined ? undefined : String(port) });
      if (port !== undefined) expect(instructions).toContainEqual({ keyword: 'ENV', args: `PROBE_PORT=${port}` });
    }
  });

  it('ships built output and production dependencies only: no source tree, no dev dependencies', () => {
    const runtime = stage('runtime').instructions;
    const copies = runtime.filter((instruction) => instruction.keyword === 'COPY').map((instruction) => instruction.args);
    for (const copy of copies) {
      expect(copy).toMatch(/^--from=(build|production-dependencies) /);
      expect(copy).not.toMatch(/ \/app\/? /);
      const source = copy.split(/\s+/)[1]!;
      // Compiled output, manifests, or files the processes read at run time.
      expect(source).toMatch(/(\/dist|package\.json|node_modules|supergraph\.(yaml|graphql)|\/prisma|\/operations)$/);
    }
    expect(copies).toContain('--from=production-dependencies /app/node_modules node_modules');
    const install = stage('production-dependencies').instructions.find((instruction) => instruction.keyword === 'RUN')!.args;
    expect(install).toMatch(/npm ci --omit=dev/);
    expect(stage('runtime').instructions).toContainEqual({ keyword: 'ENV', args: 'NODE_ENV=production BIND_HOST=0.0.0.0' });
  });

  it('runs every process with the system\'s runtime environment (V8 options, malloc arenas), as the launcher does', () => {
    const assignments = Object.entries(RUNTIME_ENVIRONMENT).map(([name, value]) => `${name}=${/\s/.test(value) ? `"${value}"` : value}`);
    expect(stage('runtime').instructions).toContainEqual({ keyword: 'ENV', args: assignments.join(' ') });
  });

  it('follows the usual Dockerfile rules (hadolint DL3000, DL3020, DL4006-style)', () => {
    for (const { instructions } of stages) {
      for (const { keyword, args } of instructions) {
        if (keyword === 'WORKDIR') expect(args).toMatch(/^\//);
        expect(keyword).not.toBe('ADD');
        if (keyword === 'RUN') expect(args).not.toMatch(/\bsudo\b|apt-get upgrade|curl .*\| *sh/);
      }
    }
  });

  it('keeps secrets, dependencies and local state out of the build context', () => {
    const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '**/dist', '.local', '.git', 'docker/secrets']));
  });
});
