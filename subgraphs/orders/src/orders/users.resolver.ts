import { Context, Directive, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '@retail/common';
import { Order } from './models/order.model';
import { User } from './models/user.model';
import { OrdersService, type OrderRecord } from './orders.service';

/** Extends the accounts subgraph's User with the user's orders. */
@Resolver(() => User)
export class UsersResolver {
  constructor(private readonly ordersService: OrdersService) {}

  @ResolveField(() => [Order], { description: 'Newest first. The user themself, an admin or a service.' })
  @Directive('@authenticated')
  // Unpaginated; a customer's order history is tens of orders.
  @Directive('@listSize(assumedSize: 50)')
  orders(@Parent() user: User, @Context() context: RequestContext): Promise<OrderRecord[]> {
    return this.ordersService.ordersOfUser(context, user.id);
  }
}
