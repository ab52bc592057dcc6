import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, SUBGRAPH_NAMES, type SubgraphName } from '@retail/common';
import { redact } from './database-url';
import {
  isServiceName,
  migrationFolderName,
  migrationsDir,
  schemaPath,
  SERVICE_PROVIDERS,
  writeMigration,
} from './migration-files';
import { applyMigrations, createDatabase, dropDatabase, migrationStatus } from './migration-runner';
import { readDatabaseUrls } from './prepare-databases';
import { nextMigrationScript, withScratchDatabase, withSchemaEngine } from './schema-engine';

/**
 * `node tools/dist/db/cli.js <command> [service...]`: create, migrate, status, new, reset. Database URLs come from
 * `<SERVICE>_DATABASE_URL`, topology defaults otherwise.
 */
const USAGE = `Usage: node tools/dist/db/cli.js <command> [service...]

Commands:
  create [service...]       create the databases that do not exist
  migrate [service...]      create the databases and apply pending migrations (default: all services)
  status [service...]       list applied, pending, failed and edited migrations
  new <service> <name>      author a migration from the changes in prisma/<service>/schema.prisma
  reset <service>           drop, create and migrate one database (refused when NODE_ENV=production)
  replay <orders|payments>  rebuild every order's (payment's) state from its events alone and list the rows
                            whose stored state differs (exit 1 if any does)

Services: ${SUBGRAPH_NAMES.join(', ')}`;

type Output = (line: string) => void;

export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: Output = console.log,
): Promise<number> {
  const [command, ...args] = argv;
  const urls = readDatabaseUrls(env);
  switch (command) {
    case 'create':
      for (const service of services(args)) {
        const created = await createDatabase(urls[service]);
        out(`${service}: ${created ? 'created' : 'exists'} ${redact(urls[service])}`);
      }
      return 0;
    case 'migrate':
      await Promise.all(services(args).map((service) => migrate(service, urls[service], out)));
      return 0;
    case 'status':
      return status(services(args), urls, out);
    case 'new':
      return newMigration(args, urls, out);
    case 'reset':
      return reset(args, urls, env, out);
    case 'replay':
      return replay(args, env, out);
    default:
      out(USAGE);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

async function migrate(service: SubgraphName, url: string, out: Output): Promise<void> {
  const created = await createDatabase(url);
  if (created) out(`${service}: created ${redact(url)}`);
  const { applied } = await applyMigrations(url, migrationsDir(service));
  out(`${service}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
}

async function status(list: SubgraphName[], urls: Record<SubgraphName, string>, out: Output): Promise<number> {
  let healthy = true;
  for (const service of list) {
    const report = await migrationStatus(urls[service], migrationsDir(service));
    out(`${service} (${redact(urls[service])})`);
    out(`  applied: ${report.applied.join(', ') || '-'}`);
    out(`  pending: ${report.pending.join(', ') || '-'}`);
    if (report.failed.length) out(`  FAILED:  ${report.failed.join(', ')}`);
    if (report.edited.length) out(`  EDITED after being applied: ${report.edited.join(', ')}`);
    if (report.missing.length) out(`  applied but missing from the folder: ${report.missing.join(', ')}`);
    healthy &&= !report.failed.length && !report.edited.length && !report.pending.length;
  }
  return healthy ? 0 : 1;
}

async function newMigration(args: string[], urls: Record<SubgraphName, string>, out: Output): Promise<number> {
  const [service, name] = args;
  if (!service || !isServiceName(service) || !name) {
    out('Usage: node tools/dist/db/cli.js new <service> <name>');
    return 2;
  }
  const dir = migrationsDir(service);
  if (SERVICE_PROVIDERS[service] === 'mysql') {
    out(
      [
        `${service} uses MySQL/MariaDB, which Prisma's WebAssembly schema engine cannot connect to, so its migrations`,
        'are written by hand here:',
        `  1. change prisma/${service}/schema.prisma;`,
        `  2. create ${dir}/<YYYYMMDDHHMMSS>_${name}/migration.sql with the DDL Prisma would emit for MySQL`,
        '     (String -> VARCHAR(191), DateTime -> DATETIME(3), Json -> JSON, enums as inline ENUM(...),',
        '     InnoDB tables in utf8mb4_unicode_ci, index and foreign key names <Model>_<fields>_<key|idx|fkey>);',
        `  3. run \`node tools/dist/db/cli.js reset ${service}\` and \`npx jest tools/db/test\`: the drift test`,
        '     compares the migrated database with schema.prisma.',
        'On a machine with Prisma\'s native engine, `prisma migrate dev --create-only` writes the same folder.',
      ].join('\n'),
    );
    return 0;
  }
  // A throwaway main database keeps the developer's database out of it; the engine only needs the shadow.
  const folder = migrationFolderName(name);
  const script = await withScratchDatabase(urls[service], (scratchUrl) =>
    withSchemaEngine({ schemaPath: schemaPath(service), url: scratchUrl, shadow: true }, (session) =>
      nextMigrationScript(session, dir),
    ),
  );
  if (!script) {
    out(`${service}: schema.prisma matches the migrations; no migration written`);
    return 0;
  }
  out(`${service}: wrote ${writeMigration(dir, folder, script, 'postgresql')}`);
  return 0;
}

async function reset(
  args: string[],
  urls: Record<SubgraphName, string>,
  env: NodeJS.ProcessEnv,
  out: Output,
): Promise<number> {
  if (env.NODE_ENV === 'production') {
    out('reset drops a database and is refused when NODE_ENV=production');
    return 2;
  }
  const [service] = args;
  if (!service || !isServiceName(service) || args.length !== 1) {
    out('Usage: node tools/dist/db/cli.js reset <service>');
    return 2;
  }
  await dropDatabase(urls[service]);
  out(`${service}: dropped ${redact(urls[service])}`);
  await migrate(service, urls[service], out);
  return 0;
}

/** The event-sourced services, each with its replay check (built to `subgraphs/<service>/dist/replay.js`). */
const REPLAYABLE = ['orders', 'payments'] as const;

/**
 * Runs the service's own replay check, which knows its events and its schema, as a child process with this
 * environment (so `<SERVICE>_DATABASE_URL` applies); its output is passed through and its exit code returned.
 */
async function replay(args: string[], env: NodeJS.ProcessEnv, out: Output): Promise<number> {
  const [service] = args;
  if (args.length !== 1 || !REPLAYABLE.includes(service as (typeof REPLAYABLE)[number])) {
    out(`Usage: node tools/dist/db/cli.js replay <${REPLAYABLE.join('|')}>`);
    return 2;
  }
  const script = join(REPO_ROOT, 'subgraphs', service, 'dist', 'replay.js');
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let pending = '';
  const forward = (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) out(line);
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  const code = await new Promise<number>((resolve) => child.on('close', (exit) => resolve(exit ?? 2)));
  if (pending) out(pending);
  return code;
}

function services(args: string[]): SubgraphName[] {
  if (args.length === 0) return [...SUBGRAPH_NAMES];
  const unknown = args.filter((arg) => !isServiceName(arg));
  if (unknown.length) throw new Error(`Unknown service ${unknown.join(', ')}; expected ${SUBGRAPH_NAMES.join(', ')}`);
  return args as SubgraphName[];
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
