import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloFederationDriverConfig } from '@nestjs/apollo';
import { applyMiddleware } from 'graphql-middleware';
import { allow, shield, type IRules } from 'graphql-shield';
import { AccessTokenVerifier } from '../auth/access-token-verifier';
import { createContextFactory } from '../auth/request-context';
import { maskError } from './mask-error';
import { graphqlRequestMetricsPlugin } from '../metrics/graphql-request-metrics';
import { DEFAULT_OPERATION_LIMITS, subgraphOperationLimitRules } from './operation-limits';
import { SubgraphFederationDriver } from './subgraph-federation-driver';

export interface SubgraphGraphQLOptions {
  verifier: AccessTokenVerifier;
  /** The subgraph's graphql-shield rule map (see `<subgraph>/src/permissions.ts`). */
  permissions: IRules;
  /** Extra resolvers, e.g. custom scalars. */
  resolvers?: ApolloFederationDriverConfig['resolvers'];
}

/**
 * `GraphQLModule.forRoot` options shared by every subgraph: Federation 2 code-first schema, the request
 * context (refusing requests without a service token for this subgraph) with the verified caller and
 * principal, graphql-shield permissions and masked errors.
 */
export function subgraphGraphQLOptions(options: SubgraphGraphQLOptions): ApolloFederationDriverConfig {
  const permissions = shieldPermissions(options.permissions);
  return {
    driver: SubgraphFederationDriver,
    autoSchemaFile: { federation: 2 },
    sortSchema: true,
    playground: false,
    path: '/graphql',
    resolvers: options.resolvers,
    context: createContextFactory(options.verifier),
    transformSchema: (schema) => applyMiddleware(schema, permissions),
    formatError: maskError,
    // Depth and alias limits again behind the gateway (one level deeper for `_entities`); cost is the gateway's.
    validationRules: subgraphOperationLimitRules(),
    parseOptions: { maxTokens: 2 * DEFAULT_OPERATION_LIMITS.maxTokens },
    // Traces are for Apollo's hosted studio, which this system does not report to.
    plugins: [graphqlRequestMetricsPlugin(), ApolloServerPluginInlineTraceDisabled()],
  };
}

/**
 * A subgraph's rule map as graphql-shield middleware. Fields a rule map does not cover fall through to `allow`
 * (types' own fields); each map denies unlisted Query and Mutation fields itself (`'*': deny`).
 */
export function shieldPermissions(rules: IRules) {
  return shield(rules, { allowExternalErrors: true, fallbackRule: allow });
}
