import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { Logger, type LoggerService } from '@nestjs/common';
import { currentRequestId } from '../edge/request-id';
import type { PersistedQueryList } from './persisted-query-manifest';

/**
 * - `off`: manifests are not consulted; any operation runs (automatic persisted queries still work).
 * - `audit`: any operation runs; those not in a manifest are logged, to find out what clients really send.
 * - `enforce`: only manifest operations run, by id or as their exact text (production mobile deployments).
 */
export const PERSISTED_QUERIES_MODES = ['off', 'audit', 'enforce'] as const;
export type PersistedQueriesMode = (typeof PERSISTED_QUERIES_MODES)[number];

export interface PersistedQueryListPluginOptions {
  mode: PersistedQueriesMode;
  list: PersistedQueryList;
  logger?: LoggerService;
}

/**
 * Checks each operation against the registered manifests once it is parsed and validated, before it runs and
 * before Apollo Server would register it as an automatic persisted query. `queryHash` is the sha256 of the
 * operation's text, which is the manifest id.
 */
export function persistedQueryListPlugin({
  mode,
  list,
  logger = new Logger('PersistedQueries'),
}: PersistedQueryListPluginOptions): ApolloServerPlugin<BaseContext> {
  const reported = new ReportedOperations();
  return {
    async requestDidStart() {
      if (mode === 'off') return;
      return {
        async didResolveOperation({ queryHash, operationName }) {
          if (list.has(queryHash)) return;
          if (mode === 'enforce') {
            throw new GraphQLError('This operation is not in the list of persisted queries registered for client apps', {
              extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST', http: { status: 400 } },
            });
          }
          if (!reported.firstTime(queryHash)) return;
          logger.warn(
            `Operation ${operationName ?? '(anonymous)'} (sha256 ${queryHash}) is not in a persisted query manifest; ` +
              `request ${currentRequestId() ?? '(none)'}`,
          );
        },
      };
    },
  };
}

/** Most distinct unknown operations remembered; past it, the oldest may be logged again. */
const MAX_REPORTED = 10_000;

/** Audit mode logs each unknown operation once per gateway process, not once per request. */
class ReportedOperations {
  private readonly hashes = new Set<string>();

  firstTime(hash: string | undefined): boolean {
    const key = hash ?? '(none)';
    if (this.hashes.has(key)) return false;
    if (this.hashes.size >= MAX_REPORTED) this.hashes.delete(this.hashes.values().next().value as string);
    this.hashes.add(key);
    return true;
  }
}
