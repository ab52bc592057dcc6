import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, validate } from 'graphql';
import { REPO_ROOT } from '@retail/common';
import { apiSchemaOf } from '@retail/tools/schema/api-schema';
import { SUPERGRAPH_SCHEMA_PATH } from '@retail/tools/schema/supergraph-config';
import { CLIENT_OPERATIONS_PATH, readOperations } from '@test/client-operations';

const CONTRACT_PATH = join(REPO_ROOT, '..', 'shared', 'contract', 'operations.graphql');

describe('the client operations', () => {
  const ours = readOperations();
  const apiSchema = apiSchemaOf(readFileSync(SUPERGRAPH_SCHEMA_PATH, 'utf8'));

  it('include every operation of the client contract, exactly as written', () => {
    expect(existsSync(CONTRACT_PATH)).toBe(true);
    const contract = readOperations(CONTRACT_PATH);
    expect(contract.size).toBeGreaterThan(0);
    for (const [name, text] of contract) {
      expect({ name, text: ours.get(name) }).toEqual({ name, text });
    }
  });

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
