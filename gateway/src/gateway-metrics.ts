import { Histogram } from 'prom-client';
import { DURATION_BUCKETS, metricsRegistry } from '@retail/common';

/** The gateway's calls to its subgraphs, by subgraph and outcome (ok, graphql_error, failed). */
export const subgraphFetchDuration = new Histogram({
  name: 'gateway_subgraph_fetch_duration_seconds',
  help: 'Requests from the gateway to a subgraph, by subgraph and outcome (ok, graphql_error, failed)',
  labelNames: ['subgraph', 'outcome'],
  buckets: DURATION_BUCKETS,
  registers: [metricsRegistry],
});
