import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { derivedOrderStatusQuery } from '../live/order-status-operation';

/** Apollo's persisted query manifest format, as `tools/persisted-queries/generate-manifest.ts` writes it. */
export interface PersistedQueryManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: PersistedQueryManifestOperation[];
}

export interface PersistedQueryManifestOperation {
  /** sha256 (hex) of `body`: what clients send as `extensions.persistedQuery.sha256Hash`. */
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The operations registered by client apps (trusted documents), merged from one or more manifests. A
 * manifest that is malformed or whose ids do not match their bodies stops the gateway at start-up.
 */
export class PersistedQueryList {
  private constructor(private readonly bodies: ReadonlyMap<string, string>) {}

  static empty(): PersistedQueryList {
    return new PersistedQueryList(new Map());
  }

  static fromManifests(manifests: readonly { source: string; manifest: unknown }[]): PersistedQueryList {
    const bodies = new Map<string, string>();
    for (const { source, manifest } of manifests) {
      for (const operation of operationsOf(manifest, source)) {
        bodies.set(operation.id, operation.body);
        // The gateway answers a registered subscription by running its derived query, which is trusted with it.
        const derived = operation.type === 'subscription' ? derivedOrderStatusQuery(operation.body) : undefined;
        if (derived) bodies.set(sha256Hex(derived), derived);
      }
    }
    return new PersistedQueryList(bodies);
  }

  /** Reads the manifest files at `paths` (JSON). */
  static load(paths: readonly string[]): PersistedQueryList {
    return PersistedQueryList.fromManifests(
      paths.map((path) => ({ source: path, manifest: JSON.parse(readFileSync(path, 'utf8')) as unknown })),
    );
  }

  get size(): number {
    return this.bodies.size;
  }

  has(id: string | undefined): boolean {
    return id !== undefined && this.bodies.has(id);
  }

  /** The body of the operation registered under `id`, if any. */
  body(id: string): string | undefined {
    return this.bodies.get(id);
  }
}

function operationsOf(manifest: unknown, source: string): PersistedQueryManifestOperation[] {
  const candidate = manifest as Partial<PersistedQueryManifest> | null;
  if (candidate?.format !== 'apollo-persisted-query-manifest' || candidate.version !== 1 || !Array.isArray(candidate.operations)) {
    throw new Error(`${source} is not an Apollo persisted query manifest (format "apollo-persisted-query-manifest", version 1)`);
  }
  for (const operation of candidate.operations) {
    if (typeof operation?.id !== 'string' || typeof operation.body !== 'string' || sha256Hex(operation.body) !== operation.id) {
      throw new Error(`${source}: operation ${JSON.stringify(operation?.name)} has an id that is not the sha256 of its body`);
    }
  }
  return candidate.operations;
}
