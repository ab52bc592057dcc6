import { BadUserInputError, NotFoundError } from '@retail/common';
import { Injectable, Logger } from '@nestjs/common';
import type { CheckoutSaga, Order } from '../generated/prisma/client';
import { Checkout } from '../orders/checkout';
import { PrismaService, type PrismaTx } from '../prisma/prisma.service';
import { lockSaga, lockSagaWithOrder, requestCancellation, retryParkedStep, startSaga } from './checkout-transitions';
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
    const { order, outbox } = await this.prisma.$transaction(async (tx) => {
      const created = await create(tx);
      return { order: created, outbox: await startSaga(tx, created, paymentToken) };
    });
    this.relay.publish(outbox);
    return order;
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
