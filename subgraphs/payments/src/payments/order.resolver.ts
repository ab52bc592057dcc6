import { Context, Directive, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '@retail/common';
import { Order } from './models/order.model';
import { Payment } from './models/payment.model';
import { PaymentsService } from './payments.service';

/** Adds `payment` to the orders subgraph's Order. */
@Resolver(() => Order)
export class OrderResolver {
  constructor(private readonly paymentsService: PaymentsService) {}

  @ResolveField(() => Payment, {
    nullable: true,
    description: 'The order`s payment; null until the checkout has asked for one. Signed-in callers only.',
  })
  @Directive('@authenticated')
  payment(@Parent() order: Order, @Context() context: RequestContext): Promise<Payment | null> {
    return this.paymentsService.findForOrder(order.id, context);
  }
}
