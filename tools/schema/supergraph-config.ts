import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { REPO_ROOT } from '@retail/common';
import { parse as parseYaml } from 'yaml';

/** supergraph.yaml, as Rover reads it: the composition version and, per subgraph, its URL and SDL file. */
export interface SupergraphConfig {
  federationVersion: string;
  subgraphs: { name: string; routingUrl: string; schemaFile: string }[];
}

export const SUPERGRAPH_CONFIG_PATH = resolve(REPO_ROOT, 'supergraph.yaml');
export const SUPERGRAPH_SCHEMA_PATH = resolve(REPO_ROOT, 'gateway', 'supergraph.graphql');

export function readSupergraphConfig(path = SUPERGRAPH_CONFIG_PATH): SupergraphConfig {
  const raw = parseYaml(readFileSync(path, 'utf8')) as {
    federation_version: string;
    subgraphs: Record<string, { routing_url: string; schema: { file: string } }>;
  };
  return {
    federationVersion: String(raw.federation_version).replace(/^=/, ''),
    subgraphs: Object.entries(raw.subgraphs).map(([name, subgraph]) => ({
      name,
      routingUrl: subgraph.routing_url,
      schemaFile: resolve(dirname(path), subgraph.schema.file),
    })),
  };
}
