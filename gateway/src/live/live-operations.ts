import { Logger } from '@nestjs/common';
import { GraphQLError, OperationTypeNode, parse, type DocumentNode, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
import { decodeJwt } from 'jose';
import { TOKEN_CLOCK_TOLERANCE_SECONDS, bearerToken } from '@retail/common';
import type { ClientCredentials } from '../gateway-context';
import type { OrderStatusFeed } from './order-status-feed';
import { planOrderStatusSubscription, selectedOperation } from './order-status-operation';
import { OrderStatusStream } from './order-status-stream';

/** One GraphQL request as the live transports receive it. */
export interface LiveRequest {
  query?: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** Runs an operation through the gateway's own request pipeline (limits, authorization, masking, planning). */
export type RunGatewayOperation = (
  request: { query: string; operationName?: string; variables?: Record<string, unknown> },
  client: ClientCredentials,
) => Promise<FormattedExecutionResult>;

/**
 * What becomes of a request on a live transport: refused before any event (`errors`, sent as the transport's
 * error), a single result (queries and mutations), or a stream of events (the order status subscription).
 */
export type LiveOutcome =
  | { kind: 'refused'; errors: GraphQLFormattedError[] }
  | { kind: 'single'; result: FormattedExecutionResult }
  | { kind: 'stream'; events: OrderStatusStream };

/**
 * Serves GraphQL over the live transports (WebSocket, Server-Sent Events): `orderStatusChanged` as a stream
 * of `order(id)` results, and queries and mutations as single results, all through the gateway's pipeline.
 * `@apollo/gateway` cannot execute subscriptions; this is where the gateway does it itself.
 */
export class LiveOperations {
  private readonly logger = new Logger('LiveOperations');
  private readonly open = new Set<OrderStatusStream>();

  constructor(
    private readonly feed: OrderStatusFeed,
    private readonly runOperation: RunGatewayOperation,
  ) {}

  async execute(request: LiveRequest, client: ClientCredentials): Promise<LiveOutcome> {
    if (typeof request.query !== 'string' || request.query.trim() === '') {
      return refused('A query is required (persisted query ids alone are accepted over HTTP POST only)', 'BAD_REQUEST');
    }
    let document: DocumentNode;
    try {
      document = parse(request.query);
    } catch (error) {
      return refused((error as GraphQLError).message, 'GRAPHQL_PARSE_FAILED');
    }
    const operationName = request.operationName ?? undefined;
    const variables = request.variables ?? undefined;
    const operation = selectedOperation(document, operationName);
    if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) {
      return { kind: 'single', result: await this.runOperation({ query: request.query, operationName, variables }, client) };
    }

    const plan = planOrderStatusSubscription(document, operationName);
    if (Array.isArray(plan)) return { kind: 'refused', errors: plan.map((error) => error.toJSON()) };
    const orderId = plan.orderId(variables);
    if (!orderId) return refused('orderStatusChanged needs the id of an order', 'BAD_USER_INPUT');

    // Until the feed knows where the stream ends, an announcement could slip past unseen.
    await this.feed.positioned;
    const events = new OrderStatusStream(
      this.feed,
      orderId,
      plan,
      () => this.runOperation({ query: plan.query, operationName: plan.operationName, variables }, client),
      (error) => this.logger.error(`Live order status ${orderId} (request ${client.requestId}) failed`, (error as Error).stack),
    );
    const errors = await events.open();
    if (errors) return { kind: 'refused', errors };
    const lapses = tokenLapse(client.authorization);
    if (lapses !== undefined) events.recheckAt(lapses);
    this.open.add(events);
    events.onClose(() => this.open.delete(events));
    return { kind: 'stream', events };
  }

  /** Ends every open stream (the gateway is shutting down): clients see them complete. */
  closeAll(): void {
    for (const events of [...this.open]) void events.return();
  }
}

/**
 * When the subscriber's token stops being accepted (its `exp` plus the verifier's clock tolerance), in epoch
 * milliseconds. The token was verified by the first run, so its claims are read without verifying again.
 */
function tokenLapse(authorization: string | undefined): number | undefined {
  const token = authorization ? bearerToken(authorization) : undefined;
  if (!token) return undefined;
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? (exp + TOKEN_CLOCK_TOLERANCE_SECONDS + 1) * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function refused(message: string, code: string): LiveOutcome {
  return { kind: 'refused', errors: [{ message, extensions: { code } }] };
}
