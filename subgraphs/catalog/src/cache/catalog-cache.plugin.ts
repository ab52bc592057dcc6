import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '@retail/common';
import type { OperationDefinitionNode } from 'graphql';

/**
 * The catalog's reads that answer the same to every caller: nothing in them depends on who asks (the catalog
 * has no per-user field). `_entities` resolves Product and Category references, public too.
 */
export const PUBLIC_ROOT_FIELDS: ReadonlySet<string> = new Set(['products', 'product', 'categories', '_entities', '__typename']);

/**
 * How long a shared cache may keep a public catalog read. Freshness does not rest on it: every write raises
 * the catalog version, which retires cached reads at once; this only bounds how long a read lives if an
 * invalidation was lost. The gateway caps it with its own RESPONSE_CACHE_TTL_SECONDS.
 */
export const PUBLIC_READ_MAX_AGE_SECONDS = 300;

export interface CatalogChanges {
  /** Retires every cached catalog read (raises the catalog version). */
  announce(): Promise<void>;
}

/**
 * The catalog's part in the gateway's response cache:
 * - a query whose root fields are all public reads, answered without errors, says so with
 *   `Cache-Control: public, max-age=300`, which the gateway honours (any other subgraph in the same plan sends
 *   no such header and makes the whole answer uncacheable);
 * - every mutation (a write of products, prices, categories or stock: the saga's reserve, commit and release
 *   included) announces a change once it has run and before its answer leaves, so when the caller learns of
 *   the write, no gateway serves a read from before it. Failed mutations announce too: harmless, and simpler
 *   than telling which wrote nothing.
 */
export function catalogCachePlugin(changes: CatalogChanges): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, response, errors }) {
          if (!operation) return;
          if (operation.operation === 'mutation') {
            await changes.announce();
            return;
          }
          const failed = (errors?.length ?? 0) > 0 || (response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 0);
          if (operation.operation === 'query' && !failed && onlyPublicReads(operation)) {
            response.http.headers.set('cache-control', `public, max-age=${PUBLIC_READ_MAX_AGE_SECONDS}`);
          }
        },
      };
    },
  };
}

function onlyPublicReads(operation: OperationDefinitionNode): boolean {
  // Fragments at the root are not worth following: such a query just goes uncached.
  return operation.selectionSet.selections.every(
    (selection) => selection.kind === 'Field' && PUBLIC_ROOT_FIELDS.has(selection.name.value),
  );
}
