import { createHash } from 'node:crypto';
import { Kind, parse, print, visit, type DefinitionNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';

/** Apollo's persisted query manifest format (what Apollo's client tooling and routers read). */
export interface PersistedQueryManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: { id: string; name: string; type: 'query' | 'mutation' | 'subscription'; body: string }[];
}

/**
 * The manifest of every named operation in `source` (a .graphql document). Each body is the operation printed
 * canonically, followed by the fragments it uses; its id is the body's sha256, so a client may send either.
 */
export function buildManifest(source: string): PersistedQueryManifest {
  const document = parse(source);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const operations: PersistedQueryManifest['operations'] = [];
  const names = new Set<string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const name = definition.name?.value;
    if (!name) throw new Error('Every client operation needs a name');
    if (names.has(name)) throw new Error(`Operation ${name} is defined twice`);
    names.add(name);
    const body = print({ kind: Kind.DOCUMENT, definitions: [definition, ...usedFragments(definition, fragments)] });
    operations.push({ id: sha256Hex(body), name, type: definition.operation, body });
  }
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

/** The manifest as committed: stable key order, two-space indent, final newline. */
export function serializeManifest(manifest: PersistedQueryManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function usedFragments(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): FragmentDefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const collect = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = fragments.get(name);
        if (!fragment) throw new Error(`Fragment ${name} is not defined`);
        if (used.has(name)) return;
        used.set(name, fragment);
        collect(fragment);
      },
    });
  collect(operation);
  return [...used.values()].sort((a, b) => a.name.value.localeCompare(b.name.value));
}
