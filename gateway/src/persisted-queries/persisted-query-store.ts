import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { PersistedQueryList } from './persisted-query-manifest';

/**
 * The `persistedQueries.cache` Apollo Server looks hashes up in: first the registered manifests (trusted
 * documents, answered by id), then automatic persisted queries in the shared cache. With `apqEnabled` false
 * (enforce mode) only manifest operations exist and registrations of new hashes are dropped.
 */
export class PersistedQueryStore implements KeyValueCache<string> {
  constructor(
    private readonly list: PersistedQueryList,
    private readonly apq: KeyValueCache<string>,
    private readonly apqEnabled: boolean,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const listed = this.list.body(hashOf(key));
    if (listed !== undefined) return listed;
    return this.apqEnabled ? this.apq.get(key) : undefined;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    if (!this.apqEnabled || this.list.has(hashOf(key))) return;
    await this.apq.set(key, value, options);
  }

  async delete(key: string): Promise<boolean | void> {
    return this.apq.delete(key);
  }
}

// Apollo Server prefixes keys (`apq:<sha256>`); a hex digest has no colon, so the hash is what follows the last one.
function hashOf(key: string): string {
  return key.slice(key.lastIndexOf(':') + 1);
}
