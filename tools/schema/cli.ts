import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { composeSupergraph } from './compose-supergraph';
import { SUPERGRAPH_SCHEMA_PATH, readSupergraphConfig } from './supergraph-config';
import { printBuiltSubgraphSdl } from './subgraph-sdl';

/**
 * `node tools/dist/schema/cli.js write`: prints every subgraph's SDL from its code into its committed
 * schema.graphql, then composes gateway/supergraph.graphql. `check` does the same in memory and fails when a
 * committed file differs. Both need the subgraphs built (`npm run build`).
 */
async function main(mode: string): Promise<void> {
  if (mode !== 'write' && mode !== 'check') throw new Error('usage: cli.js write|check');
  const config = readSupergraphConfig();
  const stale: string[] = [];
  for (const subgraph of config.subgraphs) {
    stale.push(...syncFile(subgraph.schemaFile, await printBuiltSubgraphSdl(subgraph.name), mode));
  }
  const { supergraphSdl, hints } = composeSupergraph(config);
  for (const hint of hints) console.log(`hint ${hint}`);
  stale.push(...syncFile(SUPERGRAPH_SCHEMA_PATH, `${supergraphSdl.trim()}\n`, mode));
  if (stale.length > 0) {
    console.error(`Stale schema files (run npm run schema):\n  ${stale.join('\n  ')}`);
    process.exit(1);
  }
  console.log(mode === 'write' ? 'Schemas written and composed.' : 'Schemas are up to date.');
}

function syncFile(path: string, content: string, mode: 'write' | 'check'): string[] {
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // a missing file is stale
  }
  if (current === content) return [];
  if (mode === 'write') {
    writeFileSync(path, content);
    return [];
  }
  return [path];
}

main(process.argv[2] ?? 'check').then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
