import { Args, Context, Directive, ID, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import type { RequestContext } from '@retail/common';
import { PlaceOrderInput } from './dto/place-order.input';
import { Money } from '@retail/common';
import { OrderEvent } from './models/order-event.model';
import { OrderItem } from './models/order-item.model';
import { Order } from './models/order.model';
import { User } from './models/user.model';
import { OrdersService, type OrderRecord } from './orders.service';

@Resolver(() => Order)
export class OrdersResolver {
  constructor(private readonly ordersService: OrdersService) {}

  @Query(() => Order, {
    nullable: true,
    description: 'Signed-in callers only. A customer sees only their own orders; an admin sees all. NOT_FOUND when there is none or it is another customer`s.',
  })
  @Directive('@authenticated')
  order(
    @Args('id', { type: () => ID, description: 'The order`s id.' }) id: string,
    @Args('asOf', {
      type: () => Date,
      nullable: true,
      description:
        'Answer as the order stood at this instant, rebuilt from its history: status, failure reason and the ' +
        'history up to then. NOT_FOUND if the order had not been placed yet. Omitted: as it stands now.',
    })
    asOf: Date | null | undefined,
    @Context() context: RequestContext,
  ): Promise<OrderRecord> {
    return asOf ? this.ordersService.findOrderAsOf(context, id, asOf) : this.ordersService.findOrder(context, id);
  }

  @Mutation(() => Order, {
    description:
      'Signed-in callers only. Returns at once with status PENDING; the checkout then reserves stock and charges the ' +
      'card, ending CONFIRMED or CANCELLED (follow it with order(id) or the OrderStatus subscription).',
  })
  @Directive('@authenticated')
  // Prices every item from the catalog and starts a checkout that calls the catalog and payments again.
  @Directive('@cost(weight: 20)')
  placeOrder(@Args('input', { description: 'Items and payment token; idempotencyKey makes retries safe.' }) input: PlaceOrderInput, @Context() context: RequestContext): Promise<OrderRecord> {
    return this.ordersService.placeOrder(context, input);
  }

  @Mutation(() => Order, {
    description:
      'Cancels a PENDING or CONFIRMED order of the caller`s (an admin: anyone`s) and undoes what the checkout did: ' +
      'stock released, payment voided or refunded. Returns the order, CANCELLING or CANCELLED. NOT_FOUND for ' +
      'another customer`s order; BAD_USER_INPUT when it is already cancelled.',
  })
  @Directive('@authenticated')
  cancelOrder(@Args('id', { type: () => ID, description: 'The order`s id.' }) id: string, @Context() context: RequestContext): Promise<OrderRecord> {
    return this.ordersService.cancelOrder(context, id);
  }

  // Apollo calls reference resolvers with (representation, context); no parameter decorators here.
  @ResolveReference()
  resolveReference(reference: { __typename: 'Order'; id: string }, context: RequestContext): Promise<OrderRecord | null> {
    return this.ordersService.orderReference(context, reference.id);
  }

  @ResolveField(() => User)
  customer(@Parent() order: OrderRecord): Pick<User, 'id'> & { __typename: 'User' } {
    return { __typename: 'User', id: order.customerId };
  }

  @ResolveField(() => [OrderItem])
  items(@Parent() order: OrderRecord, @Context() context: RequestContext): Promise<OrderItem[]> {
    return this.ordersService.items(context, order);
  }

  @ResolveField(() => Money)
  total(@Parent() order: OrderRecord): Money {
    return this.ordersService.total(order);
  }

  @ResolveField(() => [OrderEvent])
  history(@Parent() order: OrderRecord, @Context() context: RequestContext): Promise<OrderEvent[]> {
    return this.ordersService.history(context, order);
  }
}
