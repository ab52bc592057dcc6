import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  parse,
  print,
  type DocumentNode,
  type FieldNode,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';

/** The one subscription field the gateway serves. */
export const ORDER_STATUS_FIELD = 'orderStatusChanged';

/**
 * Added to the derived query's selection so the gateway always learns the order's status, even when the
 * client did not select it: the stream completes after a terminal status. Removed from what the client gets.
 */
export const STATUS_PROBE_ALIAS = 'orderStatusChangedStatusProbe';

/** Statuses after which an order never changes again: its stream completes. */
export const TERMINAL_ORDER_STATUSES: ReadonlySet<string> = new Set(['CONFIRMED', 'CANCELLED']);

/**
 * A subscription to `orderStatusChanged` rewritten into the query that answers each of its events:
 * `subscription S($id: ID!) { key: orderStatusChanged(id: $id) { ...selection } }` becomes
 * `query S($id: ID!) { key: order(id: $id) { ...selection statusProbe: status } }`. The alias keeps the client's
 * response key, so data and error paths come back exactly as the subscription's.
 */
export interface OrderStatusPlan {
  /** The derived query's text, run through the gateway's own pipeline for every event. */
  query: string;
  operationName?: string;
  /** The subscription's response key (`orderStatusChanged` or the client's alias). */
  responseKey: string;
  /** The order id, from the field's argument (a literal or a variable). */
  orderId(variables: Record<string, unknown> | undefined): string | undefined;
}

/** The document's selected operation, as GraphQL's rules choose it (`operationName`, or the only one). */
export function selectedOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((operation) => operation.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

/**
 * Plans a subscription, or explains why the gateway cannot serve it (as validation errors: the one supported
 * subscription is a single `orderStatusChanged` field, without directives on it).
 */
export function planOrderStatusSubscription(document: DocumentNode, operationName?: string | null): OrderStatusPlan | GraphQLError[] {
  const operation = selectedOperation(document, operationName);
  if (!operation) return [validationError('Unable to identify the operation to run: name it with operationName')];
  if (operation.operation !== OperationTypeNode.SUBSCRIPTION) return [validationError('Not a subscription')];
  const selections = operation.selectionSet.selections;
  const field = selections[0];
  if (selections.length !== 1 || field.kind !== Kind.FIELD || field.name.value !== ORDER_STATUS_FIELD) {
    return [
      validationError(`The only subscription served is a single ${ORDER_STATUS_FIELD}(id) field`, [operation]),
    ];
  }
  if ((field.directives?.length ?? 0) > 0 || (operation.directives?.length ?? 0) > 0) {
    return [validationError(`Directives are not supported on subscriptions`, [field])];
  }
  const idArgument = field.arguments?.find((argument) => argument.name.value === 'id');
  if (!idArgument || !field.selectionSet) {
    return [validationError(`${ORDER_STATUS_FIELD} needs an id argument and a selection of Order fields`, [field])];
  }
  const responseKey = field.alias?.value ?? ORDER_STATUS_FIELD;
  const probe: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: STATUS_PROBE_ALIAS }, name: { kind: Kind.NAME, value: 'status' } };
  const orderField: FieldNode = {
    ...field,
    alias: { kind: Kind.NAME, value: responseKey },
    name: { kind: Kind.NAME, value: 'order' },
    selectionSet: { ...field.selectionSet, selections: [...field.selectionSet.selections, probe] },
  };
  const query: OperationDefinitionNode = {
    ...operation,
    operation: OperationTypeNode.QUERY,
    selectionSet: { ...operation.selectionSet, selections: [orderField] },
  };
  const definitions = document.definitions.filter((d) => d.kind !== Kind.OPERATION_DEFINITION || d === operation);
  return {
    query: print({ kind: Kind.DOCUMENT, definitions: definitions.map((d) => (d === operation ? query : d)) }),
    operationName: operation.name?.value,
    responseKey,
    orderId: (variables) => idValue(idArgument.value, variables),
  };
}

/**
 * The query the gateway runs for a subscription given as text (for the persisted query list: a registered
 * subscription's derived query is registered with it), or undefined when it is not a servable subscription.
 */
export function derivedOrderStatusQuery(subscriptionText: string): string | undefined {
  try {
    const plan = planOrderStatusSubscription(parse(subscriptionText));
    return Array.isArray(plan) ? undefined : plan.query;
  } catch {
    return undefined;
  }
}

function idValue(value: ValueNode, variables: Record<string, unknown> | undefined): string | undefined {
  if (value.kind === Kind.VARIABLE) {
    const given = variables?.[value.name.value];
    return typeof given === 'string' || typeof given === 'number' ? String(given) : undefined;
  }
  return value.kind === Kind.STRING || value.kind === Kind.INT ? value.value : undefined;
}

function validationError(message: string, nodes?: readonly (OperationDefinitionNode | FieldNode)[]): GraphQLError {
  return new GraphQLError(message, { nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
}
