import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { PerRequest, type RequestContext } from '@retail/common';
import { PrismaService } from '../prisma/prisma.service';
import type { Payment as PaymentRow } from '../generated/prisma/client';
import type { PaymentEvent } from './models/payment-event.model';
import type { PaymentEventType } from './payment-events';

export interface PaymentsRequestLoaders {
  byId: DataLoader<string, PaymentRow | null>;
  byOrderId: DataLoader<string, PaymentRow | null>;
  historyByPaymentId: DataLoader<string, PaymentEvent[]>;
}

/**
 * Per-request DataLoaders, so the representations of one `_entities` call (and the `history` of many
 * payments) cost one query per batch instead of one per payment. One set per request (PerRequest),
 * dropped with it. Loaders batch but don't cache: a mutation earlier in the
 * same operation must not leave a stale payment behind.
 */
@Injectable()
export class PaymentsLoader {
  private readonly loaders = new PerRequest(() => this.createLoaders());

  constructor(private readonly prisma: PrismaService) {}

  forRequest(context: RequestContext): PaymentsRequestLoaders {
    return this.loaders.of(context);
  }

  private createLoaders(): PaymentsRequestLoaders {
    return {
      byId: new DataLoader(
        async (ids) => {
          const rows = await this.prisma.payment.findMany({ where: { id: { in: [...new Set(ids)] } } });
          const byId = new Map(rows.map((row) => [row.id, row]));
          return ids.map((id) => byId.get(id) ?? null);
        },
        { cache: false },
      ),
      byOrderId: new DataLoader(
        async (orderIds) => {
          const rows = await this.prisma.payment.findMany({ where: { orderId: { in: [...new Set(orderIds)] } } });
          const byOrderId = new Map(rows.map((row) => [row.orderId, row]));
          return orderIds.map((orderId) => byOrderId.get(orderId) ?? null);
        },
        { cache: false },
      ),
      historyByPaymentId: new DataLoader(
        async (paymentIds) => {
          const events = await this.prisma.paymentEvent.findMany({
            where: { paymentId: { in: [...new Set(paymentIds)] } },
            orderBy: [{ paymentId: 'asc' }, { sequence: 'asc' }],
            select: { paymentId: true, type: true, at: true },
          });
          const byPayment = new Map<string, PaymentEvent[]>();
          for (const { paymentId, type, at } of events) {
            byPayment.set(paymentId, [...(byPayment.get(paymentId) ?? []), { type: type as PaymentEventType, at }]);
          }
          return paymentIds.map((id) => byPayment.get(id) ?? []);
        },
        { cache: false },
      ),
    };
  }
}
