import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@retail/common';
import { buildManifest, serializeManifest } from './persisted-query-manifest';

export const CLIENT_OPERATIONS_FILE = join(REPO_ROOT, 'gateway', 'operations', 'client.graphql');
export const MANIFEST_FILE = join(REPO_ROOT, 'gateway', 'operations', 'manifest.json');

/** The manifest text for the committed client operations. */
export function generateManifest(operationsFile: string = CLIENT_OPERATIONS_FILE): string {
  return serializeManifest(buildManifest(readFileSync(operationsFile, 'utf8')));
}

// Usage: node tools/dist/persisted-queries/generate-manifest.js [operations.graphql] [manifest.json]
if (require.main === module) {
  const [operationsFile = CLIENT_OPERATIONS_FILE, manifestFile = MANIFEST_FILE] = process.argv.slice(2);
  const manifest = generateManifest(operationsFile);
  writeFileSync(manifestFile, manifest);
  console.log(`Wrote ${JSON.parse(manifest).operations.length} operations to ${manifestFile}`);
}
