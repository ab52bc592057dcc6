import { Args, Directive, ID, Resolver, Subscription } from '@nestjs/graphql';
import { BadUserInputError } from '@retail/common';
import { Order } from './models/order.model';

/**
 * Declares the live order status subscription so that composition, the supergraph and client tooling know it.
 * The gateway serves it itself (over WebSocket and Server-Sent Events), resolving each event as an `order(id)`
 * query through its own query planning; this subgraph never streams, so a subscription sent here directly is
 * refused.
 */
@Resolver(() => Order)
export class OrderStatusResolver {
  @Subscription(() => Order, {
    description:
      'Live status of one order, served by the gateway over WebSocket (graphql-ws protocol) and Server-Sent Events ' +
      '(graphql-sse protocol) on /graphql. The first event is the order as it is now; then one event per status ' +
      'change, every selected field resolved as in `order(id)`; the stream completes after CONFIRMED or CANCELLED. ' +
      "Only the order's customer or an admin may subscribe (others get NOT_FOUND or FORBIDDEN and no event).",
  })
  @Directive('@authenticated')
  orderStatusChanged(
    @Args('id', { type: () => ID, description: 'The order to follow.' }) _id: string,
  ): AsyncIterator<Order> {
    throw new BadUserInputError('orderStatusChanged is served by the gateway over WebSocket or Server-Sent Events');
  }
}
