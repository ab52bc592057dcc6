import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { REPO_ROOT } from '@retail/common';
import { composeSupergraph } from '@retail/tools/schema/compose-supergraph';
import { SUPERGRAPH_SCHEMA_PATH, readSupergraphConfig } from '@retail/tools/schema/supergraph-config';
import { subgraphSdl } from '@retail/tools/schema/subgraph-sdl';

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

  describe.each(config.subgraphs.map((subgraph) => [subgraph.name, subgraph.schemaFile]))('%s', (name, schemaFile) => {
    let app: INestApplication;

    afterAll(async () => {
      await app?.close();
    });

    it('has a committed schema file equal to what its code publishes (run `npm run schema` if not)', async () => {
      const { createApp } = (await import(join(REPO_ROOT, 'subgraphs', name, 'src', 'app'))) as {
        createApp(): Promise<INestApplication>;
      };
      app = await createApp();
      await app.init();
      expect(await subgraphSdl(app)).toBe(readFileSync(schemaFile, 'utf8'));
    });
  });
});
