import { BadUserInputError, NotFoundError } from '@retail/common';
import { Injectable, Logger } from '@nestjs/common';
import type { CheckoutSaga, Order, Prisma } from '../generated/prisma/client';
import { Checkout } from '../orders/checkout';
import { PrismaService } from '../prisma/prisma.service';
import { lockSaga, lockSagaWithOrder, placeOrderAndStartSaga, requestCancellation, retryParkedStep } from './checkout-transitions';
import { OutboxRelay } from './outbox-relay';

/**
 * The saga's entry points for the rest of the service: placing and cancelling orders (the `Checkout` the
 * orders service uses) and the operators' view of parked sagas. Every write goes through checkout-transitions.
 */
@Injectable()
export class CheckoutSagaService implements Checkout {
  private readonly logger = new Logger(CheckoutSagaService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly relay: OutboxRelay,
  ) {}

  async placeOrder(order: Pick<Order, 'id' | 'status'>, insertOrder: Prisma.Sql, paymentToken: string): Promise<boolean> {
    const outbox = await placeOrderAndStartSaga(this.prisma, order, insertOrder, paymentToken);
    if (!outbox) return false;
    this.relay.publish(outbox);
    return true;
  }

  async cancelOrder(orderId: string, check: (order: Order) => void): Promise<void> {
    const outbox = await this.prisma.$transaction(async (tx) => {
      const locked = await lockSagaWithOrder(tx, orderId);
      if (!locked) throw new NotFoundError('Order', orderId);
      const { saga, order } = locked;
      check(order);
      // A second request while PENDING finds the first one still waiting for the saga: nothing more to record.
      if (saga.cancelRequested) return [];
      return requestCancellation(tx, saga, order);
    });
    this.relay.publish(outbox);
  }

  /** Parked sagas (NEEDS_ATTENTION), longest waiting first. */
  needingAttention(first: number): Promise<CheckoutSaga[]> {
    return this.prisma.checkoutSaga.findMany({
      where: { parkedAt: { not: null } },
      orderBy: [{ parkedAt: 'asc' }, { orderId: 'asc' }],
      take: first,
    });
  }

  /** Retries a parked saga from its current step; BAD_USER_INPUT when it is not parked. */
  async retry(orderId: string): Promise<CheckoutSaga> {
    const { saga: retried, outbox } = await this.prisma.$transaction(async (tx) => {
      const saga = await lockSaga(tx, orderId);
      if (!saga) throw new NotFoundError('Checkout of order', orderId);
      if (!saga.parkedAt) throw new BadUserInputError('This checkout is not waiting for attention', { field: 'orderId' });
      return retryParkedStep(tx, saga);
    });
    this.relay.publish(outbox);
    this.logger.log(`${retried.step} of order ${orderId}: retried by an operator`);
    return retried;
  }

  /** The saga of an order, if it has one. */
  find(orderId: string): Promise<CheckoutSaga | null> {
    return this.prisma.checkoutSaga.findUnique({ where: { orderId } });
  }
}
