/**
 * What one hop costs with no work in it: the floor under the checkout's CPU per order, whatever its steps do.
 * An order passes the gateway once, a subgraph five times (placing it in orders, reserving and committing
 * stock in catalog, authorizing and capturing in payments) and the queue five times (one job per step).
 */
export interface FixedCosts {
  /** CPU ms of the gateway for `{ __typename }`, which it answers without calling a subgraph. */
  gatewayMs: number;
  /** CPU ms of a subgraph (catalog) for `{ __typename }` with a service token: HTTP, auth, GraphQL, no resolver. */
  subgraphMs: number;
  /** CPU ms of Node (the adding and the processing side together) for one no-op BullMQ job, as the saga's are set up. */
  jobNodeMs: number;
  /** CPU ms of Redis for that job (its `INFO cpu`). */
  jobRedisMs: number;
}

export const HOPS_PER_ORDER = { gateway: 1, subgraph: 5, job: 5 } as const;

/** The floor of CPU per order from the fixed costs alone, and the orders per second two cores could carry at it. */
export function orderFloor(costs: FixedCosts, cores: number): { msPerOrder: number; ordersPerSecond: number } {
  const msPerOrder =
    HOPS_PER_ORDER.gateway * costs.gatewayMs +
    HOPS_PER_ORDER.subgraph * costs.subgraphMs +
    HOPS_PER_ORDER.job * (costs.jobNodeMs + costs.jobRedisMs);
  return { msPerOrder, ordersPerSecond: (cores * 1000) / msPerOrder };
}
