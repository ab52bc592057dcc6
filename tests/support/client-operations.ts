import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, print, type OperationDefinitionNode } from 'graphql';
import { REPO_ROOT } from '@retail/common';

/** The project's client operations (gateway/operations/client.graphql), by operation name. */
export const CLIENT_OPERATIONS_PATH = join(REPO_ROOT, 'gateway', 'operations', 'client.graphql');

export function readOperations(path: string = CLIENT_OPERATIONS_PATH): Map<string, string> {
  const document = parse(readFileSync(path, 'utf8'));
  const operations = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name) continue;
    operations.set(definition.name.value, print(definition as OperationDefinitionNode));
  }
  return operations;
}
