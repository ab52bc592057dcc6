import { BadUserInputError, NotFoundError } from '@retail/common';
import { Injectable, Logger } from '@nestjs/common';
import type { CheckoutSaga, Order } from '../generated/prisma/client';
import { Checkout } from '../orders/checkout';
import { PrismaService, type PrismaTx } from '../prisma/prisma.service';
import { lockSaga, requestCancellation, retryParkedStep, startSaga } from './checkout-transitions';
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

  async placeOrder(create: (tx: PrismaTx) => Promise<Order>, paymentToken: string): Promise<Order> {
    const order = await this.prisma.$transaction(async (tx) => {
      const created = await create(tx);
      await startSaga(tx, created, paymentToken);
      return created;
    });
    this.relay.nudge();
    return order;
  }

  async cancelOrder(orderId: string, check: (order: Order) => void): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const saga = await lockSaga(tx, orderId);
      const order = await tx.order.findUnique({ where: { id: orderId } });
      if (!order || !saga) throw new NotFoundError('Order', orderId);
      check(order);
      // A second request while PENDING finds the first one still waiting for the saga: nothing more to record.
      if (saga.cancelRequested) return;
      await requestCancellation(tx, saga, order);
    });
    this.relay.nudge();
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
    const retried = await this.prisma.$transaction(async (tx) => {
      const saga = await lockSaga(tx, orderId);
      if (!saga) throw new NotFoundError('Checkout of order', orderId);
      if (!saga.parkedAt) throw new BadUserInputError('This checkout is not waiting for attention', { field: 'orderId' });
      return retryParkedStep(tx, saga);
    });
    this.relay.nudge();
    this.logger.log(`${retried.step} of order ${orderId}: retried by an operator`);
    return retried;
  }

  /** The saga of an order, if it has one. */
  find(orderId: string): Promise<CheckoutSaga | null> {
    return this.prisma.checkoutSaga.findUnique({ where: { orderId } });
  }
}
