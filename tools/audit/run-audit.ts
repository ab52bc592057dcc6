import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * `node tools/dist/audit/run-audit.js <federation-gateway-audit checkout> [--port N] [retail|stock ...]`
 *
 * Runs graphql-hive/federation-gateway-audit against this project's gateway edge (`retail`) and a stock
 * `@apollo/server` + `@apollo/gateway` (`stock`), both from this repository's node_modules, and prints each
 * one's results and every test the stock gateway passes that ours fails. The checkout needs its
 * dependencies installed (`npm install`, which brings `tsx`). Everything listens on 127.0.0.1: the audit's
 * subgraphs on port N (default 4200), the gateway under test on N + 1 (the audit frees that port before each
 * suite, so choose one nothing else uses).
 */
const GATEWAY_SCRIPT = join(__dirname, 'audit-gateway.js');
const PRELOAD = join(__dirname, 'loopback-preload.js');

type Results = Map<string, string>;

async function main(args: string[]): Promise<void> {
  const checkout = args[0] ? resolve(args[0]) : '';
  const tsx = join(checkout, 'node_modules', '.bin', 'tsx');
  if (!checkout || !existsSync(join(checkout, 'src', 'cli.ts')) || !existsSync(tsx)) {
    throw new Error('usage: run-audit.js <federation-gateway-audit checkout, dependencies installed> [--port N] [retail|stock ...]');
  }
  const portIndex = args.indexOf('--port');
  const port = portIndex > 0 ? Number(args[portIndex + 1]) : 4200;
  const modes = args.slice(1).filter((arg, i, all) => arg !== '--port' && all[i - 1] !== '--port');
  const results = new Map<string, Results>();
  for (const mode of modes.length > 0 ? modes : ['stock', 'retail']) {
    if (mode !== 'retail' && mode !== 'stock') throw new Error(`unknown gateway ${mode}: retail or stock`);
    results.set(mode, await runAudit(checkout, tsx, mode, port));
  }
  for (const [mode, suites] of results) console.log(`${mode}: ${summary(suites)}`);
  const stock = results.get('stock');
  const retail = results.get('retail');
  if (stock && retail) {
    const lost = lostTests(stock, retail);
    console.log(lost.length === 0 ? 'retail loses no test that stock passes' : `retail fails what stock passes: ${lost.join(', ')}`);
    if (lost.length > 0) process.exitCode = 1;
  }
}

/** One audit run (every suite) against one gateway; its results.txt, by suite: a `.` or `X` per test. */
async function runAudit(checkout: string, tsx: string, mode: string, port: number): Promise<Results> {
  const dir = mkdtempSync(join(tmpdir(), `audit-${mode}-`));
  try {
    writeFileSync(
      join(dir, 'run.sh'),
      `exec "${process.execPath}" "${GATEWAY_SCRIPT}" ${mode} "http://127.0.0.1:${port}/$1/supergraph" ${port + 1}\n`,
    );
    const gatewayUrl = `http://127.0.0.1:${port + 1}`;
    const args = ['src/cli.ts', 'test', '--cwd', dir, '--run-script', './run.sh', '--graphql', `${gatewayUrl}/graphql`];
    args.push('--healthcheck', `${gatewayUrl}/health`, '--port', String(port), '--reporter', 'dot', '--write', 'results.txt');
    console.log(`${mode}: running the audit (logs in ${dir}/logs)`);
    await new Promise<void>((done, fail) => {
      const child = spawn(tsx, args, {
        cwd: checkout,
        stdio: 'inherit',
        env: {
          ...process.env,
          NODE_OPTIONS: `--require ${PRELOAD}`,
          // The audit waits 5 s for a gateway to start by default; on a busy machine Node needs longer.
          GATEWAY_TIMEOUT: process.env.GATEWAY_TIMEOUT ?? '60000',
          APQ_REDIS_PREFIX: `audit-${mode}:`,
        },
      });
      child.once('error', fail);
      child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`the audit exited with ${code}`))));
    });
    return parseResults(readFileSync(join(dir, 'results.txt'), 'utf8'));
  } finally {
    if (!process.env.KEEP_AUDIT_LOGS) rmSync(dir, { recursive: true, force: true });
  }
}

/** The audit's results.txt: a suite id line, then a line of `.` (passed) and `X` (failed), per suite. */
export function parseResults(text: string): Results {
  const lines = text.split('\n');
  const suites: Results = new Map();
  for (let i = 0; i + 1 < lines.length && lines[i] !== ''; i += 2) suites.set(lines[i], lines[i + 1]);
  return suites;
}

export function summary(suites: Results): string {
  const all = [...suites.values()].join('');
  const passed = [...all].filter((test) => test === '.').length;
  return `${passed} of ${all.length} passed`;
}

/** `suite #n` of every test `baseline` passes and `candidate` does not. */
export function lostTests(baseline: Results, candidate: Results): string[] {
  const lost: string[] = [];
  for (const [suite, tests] of baseline) {
    [...tests].forEach((test, index) => {
      if (test === '.' && candidate.get(suite)?.[index] !== '.') lost.push(`${suite} #${index + 1}`);
    });
  }
  return lost;
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
