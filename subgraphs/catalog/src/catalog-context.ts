import type { RequestContext } from '@retail/common';
import type { CatalogLoaders } from './loaders/catalog-loaders.factory';

/** The GraphQL context of the catalog: the verified caller plus this request's DataLoaders. */
export interface CatalogContext extends RequestContext {
  loaders: CatalogLoaders;
}
