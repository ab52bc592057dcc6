import { spawnSync } from 'node:child_process';
import { STOREFRONT_DIR, storefrontBin } from '@test/storefront';

/** Runs one of the storefront's tools in its directory; the output is kept only when it fails. */
function runTool(packageName: string, command: string, args: string[]): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [storefrontBin(packageName, command), ...args], { cwd: STOREFRONT_DIR, encoding: 'utf8' });
  return { status: run.status, output: run.status === 0 ? '' : `${run.stdout}${run.stderr}` };
}

describe('the storefront', () => {
  it('has its typed operations generated from the current client operations and schema', () => {
    // GraphQL Code Generator's own check mode, with the storefront's codegen.ts: fails when the committed
    // src/graphql/operations.ts differs from what it would write now.
    expect(runTool('@graphql-codegen/cli', 'graphql-codegen', ['--config', 'codegen.ts', '--check'])).toEqual({ status: 0, output: '' });
  });

  it('type-checks (Vite bundles without checking types, and the root build leaves the storefront out)', () => {
    expect(runTool('typescript', 'tsc', ['-p', '.'])).toEqual({ status: 0, output: '' });
  });
});
