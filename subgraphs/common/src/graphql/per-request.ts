import type { RequestContext } from '../auth/request-context';

/**
 * One value per GraphQL request (typically a set of DataLoaders), created on first use and dropped with the
 * request's context object. The way every subgraph batches `_entities` representations and nested fields:
 * one database query per batch, nothing shared between callers.
 */
export class PerRequest<T> {
  private readonly values = new WeakMap<RequestContext, T>();

  constructor(private readonly create: () => T) {}

  of(context: RequestContext): T {
    let value = this.values.get(context);
    if (value === undefined) {
      value = this.create();
      this.values.set(context, value);
    }
    return value;
  }
}
