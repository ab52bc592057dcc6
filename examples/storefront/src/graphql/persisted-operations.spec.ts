import { createHash } from 'node:crypto';
import { print, type DocumentNode } from 'graphql';
import * as operations from './operations';
import { registeredDocument, registeredOperation } from './persisted-operations';

const generatedDocuments = Object.entries(operations).filter(([name]) => name.endsWith('Document')) as [string, DocumentNode][];

describe('the storefront operations', () => {
  it('are generated for every client operation', () => {
    expect(generatedDocuments.length).toBeGreaterThanOrEqual(13);
  });

  it.each(generatedDocuments)('%s is registered in the manifest exactly as generated', (_name, document) => {
    const definition = document.definitions[0];
    const name = definition.kind === 'OperationDefinition' ? definition.name?.value : undefined;
    const registered = registeredOperation(name);
    expect(print(document)).toBe(registered.body);
    expect(createHash('sha256').update(registered.body).digest('hex')).toBe(registered.id);
    expect(print(registeredDocument(name))).toBe(registered.body);
  });

  it('refuses an operation the gateway does not list', () => {
    expect(() => registeredOperation('DropAllTables')).toThrow('not in the gateway');
    expect(() => registeredOperation(undefined)).toThrow('(anonymous)');
  });
});
