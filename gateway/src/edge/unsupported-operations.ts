import { GraphQLError, OperationTypeNode, type ValidationRule } from 'graphql';

/** Directives of incremental delivery, which `@apollo/gateway` cannot execute. */
const UNSUPPORTED_DIRECTIVES = new Set(['defer', 'stream']);

/**
 * Refuses, as validation errors, what the gateway's HTTP executor cannot run, instead of failing inside it with
 * INTERNAL_SERVER_ERROR: a subscription sent as a plain HTTP request (subscriptions are served over WebSocket
 * and Server-Sent Events), and `@defer` / `@stream`.
 */
export const unsupportedOperationsRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== OperationTypeNode.SUBSCRIPTION) return;
    context.reportError(
      new GraphQLError(
        'Subscriptions are served over WebSocket (graphql-ws protocol) or Server-Sent Events ' +
          '(POST with "Accept: text/event-stream") on /graphql, not as a plain HTTP request',
        { nodes: [node] },
      ),
    );
  },
  Directive(node) {
    if (!UNSUPPORTED_DIRECTIVES.has(node.name.value)) return;
    context.reportError(new GraphQLError(`@${node.name.value} is not supported by this API`, { nodes: [node] }));
  },
});
