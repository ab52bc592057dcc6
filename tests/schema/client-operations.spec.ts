import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, validate } from 'graphql';
import { REPO_ROOT } from '@retail/common';
import { apiSchemaOf } from '@retail/tools/schema/api-schema';
import { SUPERGRAPH_SCHEMA_PATH } from '@retail/tools/schema/supergraph-config';
import { CLIENT_OPERATIONS_PATH, readOperations } from '@test/client-operations';

/** The project's own copy of the client contract, so a plain clone tests itself. */
const CONTRACT_COPY_DIR = join(REPO_ROOT, 'tests', 'contract');
/** The shared contract beside the repository (as in CI); the copy must agree with it when it is there. */
const SHARED_CONTRACT_DIR = join(REPO_ROOT, '..', 'shared', 'contract');
const CONTRACT_FILES = ['operations.graphql', 'subscriptions.graphql'];

describe('the client operations', () => {
  const ours = readOperations();
  const apiSchema = apiSchemaOf(readFileSync(SUPERGRAPH_SCHEMA_PATH, 'utf8'));

  it.each(CONTRACT_FILES)('include every operation of the client contract (%s), exactly as written', (file) => {
    const contract = readOperations(join(CONTRACT_COPY_DIR, file));
    expect(contract.size).toBeGreaterThan(0);
    for (const [name, text] of contract) {
      expect({ name, text: ours.get(name) }).toEqual({ name, text });
    }
  });

  const shared = existsSync(SHARED_CONTRACT_DIR) ? CONTRACT_FILES : [];
  (shared.length > 0 ? it.each(shared) : it.skip.each(CONTRACT_FILES))(
    'keep a copy of the shared contract (%s) with every operation exactly as written there',
    (file) => {
      const copy = readOperations(join(CONTRACT_COPY_DIR, file));
      const contract = readOperations(join(SHARED_CONTRACT_DIR, file));
      expect(contract.size).toBeGreaterThan(0);
      for (const [name, text] of contract) {
        expect({ name, text: copy.get(name) }).toEqual({ name, text });
      }
    },
  );

  it.each([...readOperations(CLIENT_OPERATIONS_PATH)])('%s is valid against the public API schema', (_name, text) => {
    expect(validate(apiSchema, parse(text)).map((error) => error.message)).toEqual([]);
  });

  it('do not expose internal service-only fields', () => {
    const mutations = Object.keys(apiSchema.getMutationType()?.getFields() ?? {});
    for (const internal of ['reserveStock', 'releaseStock', 'commitStock', 'authorizePayment', 'capturePayment', 'reversePayment']) {
      expect(mutations).not.toContain(internal);
    }
  });
});
