import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import type { SupergraphConfig } from './supergraph-config';

export interface Composition {
  supergraphSdl: string;
  /** Composition hints, as `CODE: message` lines. */
  hints: string[];
}

export class CompositionError extends Error {
  constructor(readonly errors: readonly Error[]) {
    super(`Supergraph composition failed:\n  - ${errors.map((e) => e.message).join('\n  - ')}`);
  }
}

/** Composes the committed subgraph SDL files named by supergraph.yaml, as `rover supergraph compose` would. */
export function composeSupergraph(config: SupergraphConfig): Composition {
  const result = composeServices(
    config.subgraphs.map((subgraph) => ({
      name: subgraph.name,
      url: subgraph.routingUrl,
      typeDefs: parse(readFileSync(subgraph.schemaFile, 'utf8')),
    })),
  );
  if (result.errors) throw new CompositionError(result.errors);
  return {
    supergraphSdl: result.supergraphSdl,
    hints: result.hints.map((hint) => `${hint.definition.code}: ${hint.message}`),
  };
}
