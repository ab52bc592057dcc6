import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@retail/common';
import { composeSupergraph } from '@retail/tools/schema/compose-supergraph';
import { SUPERGRAPH_SCHEMA_PATH, readSupergraphConfig } from '@retail/tools/schema/supergraph-config';
import { printBuiltSubgraphSdl } from '@retail/tools/schema/subgraph-sdl';

const config = readSupergraphConfig();

describe('the supergraph', () => {
  it('pins the composition version that composes it', () => {
    const installed = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', '@apollo', 'composition', 'package.json'), 'utf8'));
    expect(config.federationVersion).toBe(installed.version);
  });

  it('composes from the committed subgraph schemas without errors, into the committed supergraph', () => {
    const { supergraphSdl, hints } = composeSupergraph(config);
    expect(hints).toEqual([]);
    expect(readFileSync(SUPERGRAPH_SCHEMA_PATH, 'utf8')).toBe(`${supergraphSdl.trim()}\n`);
  });

  it.each(config.subgraphs.map((subgraph) => [subgraph.name, subgraph.schemaFile]))(
    '%s publishes exactly its committed schema file (run `npm run schema` if not)',
    async (name, schemaFile) => {
      expect(await printBuiltSubgraphSdl(name)).toBe(readFileSync(schemaFile, 'utf8'));
    },
  );
});
