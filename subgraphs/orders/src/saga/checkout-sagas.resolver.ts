import { Args, Context, Directive, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { BadUserInputError, requireAdmin, type RequestContext } from '@retail/common';
import type { CheckoutSaga, Order as OrderRecord } from '../generated/prisma/client';
import { Order } from '../orders/models/order.model';
import { isUuid } from '../orders/place-order.validation';
import { PrismaService } from '../prisma/prisma.service';
import { CheckoutSagaService } from './checkout-saga.service';
import { SAGA_DONE } from './checkout-steps';
import { CheckoutSagaStatus, CheckoutSagaView } from './models/checkout-saga.model';

const MAX_PAGE = 200;

/** Operators' view of checkout sagas: those that need attention, and retrying one. Admins only. */
@Resolver(() => CheckoutSagaView)
export class CheckoutSagasResolver {
  constructor(
    private readonly sagas: CheckoutSagaService,
    private readonly prisma: PrismaService,
  ) {}

  @Query(() => [CheckoutSagaView], {
    description:
      'Checkout sagas parked for an operator (NEEDS_ATTENTION), longest waiting first, with their last error. ' +
      'Admins only.',
  })
  @Directive('@requiresScopes(scopes: [["admin"]])')
  @Directive('@listSize(slicingArguments: ["first"])')
  checkoutSagasNeedingAttention(
    @Context() context: RequestContext,
    @Args('first', { type: () => Int, defaultValue: 50, description: `How many to return, 1 to ${MAX_PAGE}.` })
    first: number,
  ): Promise<CheckoutSaga[]> {
    requireAdmin(context);
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
      throw new BadUserInputError(`first must be between 1 and ${MAX_PAGE}`, { field: 'first' });
    }
    return this.sagas.needingAttention(first);
  }

  @Mutation(() => CheckoutSagaView, {
    description:
      'Retries a parked checkout saga from its current step, with its attempts starting over. ' +
      'BAD_USER_INPUT when it is not parked. Admins only.',
  })
  @Directive('@requiresScopes(scopes: [["admin"]])')
  retryCheckoutSaga(
    @Context() context: RequestContext,
    @Args('orderId', { type: () => ID, description: 'The order whose checkout saga to retry.' }) orderId: string,
  ): Promise<CheckoutSaga> {
    requireAdmin(context);
    if (!isUuid(orderId)) throw new BadUserInputError('Invalid order id', { field: 'orderId' });
    return this.sagas.retry(orderId.toLowerCase());
  }

  @ResolveField(() => CheckoutSagaStatus)
  status(@Parent() saga: CheckoutSaga): CheckoutSagaStatus {
    if (saga.parkedAt) return CheckoutSagaStatus.NEEDS_ATTENTION;
    return saga.step === SAGA_DONE ? CheckoutSagaStatus.DONE : CheckoutSagaStatus.RUNNING;
  }

  @ResolveField(() => Order)
  order(@Parent() saga: CheckoutSaga): Promise<OrderRecord> {
    return this.prisma.order.findUniqueOrThrow({ where: { id: saga.orderId } });
  }
}
