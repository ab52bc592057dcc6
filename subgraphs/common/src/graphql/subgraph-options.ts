import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import { applyMiddleware } from 'graphql-middleware';
import { allow, shield, type IRules } from 'graphql-shield';
import { AccessTokenVerifier } from '../auth/access-token-verifier';
import { createContextFactory } from '../auth/request-context';
import { maskError } from './mask-error';

export interface SubgraphGraphQLOptions {
  verifier: AccessTokenVerifier;
  /** The subgraph's graphql-shield rule map (see `<subgraph>/src/permissions.ts`). */
  permissions: IRules;
  /** Extra resolvers, e.g. custom scalars. */
  resolvers?: ApolloFederationDriverConfig['resolvers'];
}

/**
 * `GraphQLModule.forRoot` options shared by every subgraph: Federation 2 code-first schema, the request
 * context with the verified principal, graphql-shield permissions and masked errors.
 */
export function subgraphGraphQLOptions(options: SubgraphGraphQLOptions): ApolloFederationDriverConfig {
  const permissions = shield(options.permissions, {
    allowExternalErrors: true,
    fallbackRule: allow,
  });
  return {
    driver: ApolloFederationDriver,
    autoSchemaFile: { federation: 2 },
    sortSchema: true,
    playground: false,
    path: '/graphql',
    resolvers: options.resolvers,
    context: createContextFactory(options.verifier),
    transformSchema: (schema) => applyMiddleware(schema, permissions),
    formatError: maskError,
    // Traces are for Apollo's hosted studio, which this system does not report to.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  };
}
