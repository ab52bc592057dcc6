import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { Histogram } from 'prom-client';
import { CLIENT_ERROR_CODES } from '../graphql/mask-error';
import { DURATION_BUCKETS, metricsRegistry } from './metrics-registry';

const requestDuration = new Histogram({
  name: 'graphql_request_duration_seconds',
  help: 'GraphQL requests served, by operation name and outcome (ok, client_error, error)',
  labelNames: ['operation', 'outcome'],
  buckets: DURATION_BUCKETS,
  registers: [metricsRegistry],
});

/** Operation names come from clients: only plain names are labels, and only so many, to bound the series. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_OPERATION_NAMES = 200;
const seenOperations = new Set<string>();

export function operationLabel(name: string | null | undefined): string {
  if (!name) return '(anonymous)';
  if (!PLAIN_NAME.test(name)) return '(other)';
  if (seenOperations.has(name)) return name;
  if (seenOperations.size >= MAX_OPERATION_NAMES) return '(other)';
  seenOperations.add(name);
  return name;
}

export type RequestOutcome = 'ok' | 'client_error' | 'error';

/** `client_error` when every error is the client's (bad input, authentication, ...), `error` otherwise. */
export function requestOutcome(errors: readonly GraphQLError[] | undefined): RequestOutcome {
  if (!errors || errors.length === 0) return 'ok';
  const code = (error: GraphQLError) => error.extensions?.code;
  return errors.every((error) => typeof code(error) === 'string' && CLIENT_ERROR_CODES.has(code(error) as string))
    ? 'client_error'
    : 'error';
}

/**
 * Apollo plugin of the gateway and of every subgraph: times each request from its arrival to its response,
 * labelled by operation name and outcome.
 */
export function graphqlRequestMetricsPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart(started: GraphQLRequestContext<T>) {
      const stop = requestDuration.startTimer();
      return {
        async willSendResponse(context) {
          stop({
            operation: operationLabel(context.operationName ?? started.request.operationName),
            outcome: requestOutcome(context.errors),
          });
        },
      };
    },
  };
}
