import { spawnSync } from 'node:child_process';
import { STOREFRONT_DIR, storefrontBin } from '@test/storefront';

describe('the storefront', () => {
  it('has its typed operations generated from the current client operations and schema', () => {
    // GraphQL Code Generator's own check mode, with the storefront's codegen.ts: fails when the committed
    // src/graphql/operations.ts differs from what it would write now.
    const run = spawnSync(process.execPath, [storefrontBin('@graphql-codegen/cli', 'graphql-codegen'), '--config', 'codegen.ts', '--check'], {
      cwd: STOREFRONT_DIR,
      encoding: 'utf8',
    });
    expect({ status: run.status, output: run.status === 0 ? '' : `${run.stdout}${run.stderr}` }).toEqual({ status: 0, output: '' });
  });
});
