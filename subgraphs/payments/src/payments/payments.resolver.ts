import { Args, Context, Directive, ID, Mutation, Parent, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '@retail/common';
import { AuthorizePaymentInput } from './dto/authorize-payment.input';
import { Payment } from './models/payment.model';
import { PaymentEvent } from './models/payment-event.model';
import { PaymentsService } from './payments.service';

@Resolver(() => Payment)
export class PaymentsResolver {
  constructor(private readonly paymentsService: PaymentsService) {}

  @ResolveReference()
  resolveReference(@Parent() reference: { __typename: 'Payment'; id: string }, @Context() context: RequestContext) {
    return this.paymentsService.findForReference(reference.id, context);
  }

  @ResolveField(() => [PaymentEvent], { description: 'What happened to the payment, oldest first.' })
  // One event of each kind at most.
  @Directive('@listSize(assumedSize: 6)')
  history(@Parent() payment: Payment, @Context() context: RequestContext): Promise<PaymentEvent[]> {
    return this.paymentsService.history(payment.id, context);
  }

  @Mutation(() => Payment)
  @Directive('@inaccessible')
  authorizePayment(@Args('input') input: AuthorizePaymentInput): Promise<Payment> {
    return this.paymentsService.authorize(input);
  }

  @Mutation(() => Payment)
  @Directive('@inaccessible')
  capturePayment(@Args('orderId', { type: () => ID }) orderId: string): Promise<Payment> {
    return this.paymentsService.capture(orderId);
  }

  @Mutation(() => Payment, { nullable: true })
  @Directive('@inaccessible')
  reversePayment(@Args('orderId', { type: () => ID }) orderId: string): Promise<Payment | null> {
    return this.paymentsService.reverse(orderId);
  }
}
