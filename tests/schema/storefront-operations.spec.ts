import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '@retail/common';

const STOREFRONT = join(REPO_ROOT, 'examples', 'storefront');

describe('the storefront', () => {
  it('has its typed operations generated from the current client operations and schema', () => {
    // GraphQL Code Generator's own check mode, with the storefront's codegen.ts: fails when the committed
    // src/graphql/operations.ts differs from what it would write now.
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', '.bin', 'graphql-codegen'), '--config', 'codegen.ts', '--check'], {
      cwd: STOREFRONT,
      encoding: 'utf8',
    });
    expect({ status: run.status, output: run.status === 0 ? '' : `${run.stdout}${run.stderr}` }).toEqual({ status: 0, output: '' });
  });
});
