import { Context, Directive, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '@retail/common';
import { Order } from './models/order.model';
import { Payment } from './models/payment.model';
import { PaymentsService } from './payments.service';

/** Adds `payment` to the orders subgraph's Order. */
@Resolver(() => Order)
export class OrderResolver {
  constructor(private readonly paymentsService: PaymentsService) {}

  @ResolveField(() => Payment, { nullable: true })
  @Directive('@authenticated')
  payment(@Parent() order: Order, @Context() context: RequestContext): Promise<Payment | null> {
    return this.paymentsService.findForOrder(order.id, context);
  }
}
