import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { OrderEventType } from '../order-events';

registerEnumType(OrderEventType, {
  name: 'OrderEventType',
  description: 'What happened to an order. A checkout that succeeds records ORDER_PLACED to ORDER_CONFIRMED in the order below.',
  valuesMap: {
    ORDER_PLACED: { description: 'placeOrder stored the order, PENDING; the checkout starts.' },
    STOCK_RESERVED: { description: 'The catalog reserved every item.' },
    STOCK_REJECTED: { description: 'Not enough stock for an item: the order will be cancelled.' },
    PAYMENT_AUTHORIZED: { description: 'The payment provider authorized the total.' },
    PAYMENT_DECLINED: { description: 'The payment provider declined the card: the order will be cancelled.' },
    PAYMENT_CAPTURED: { description: 'The authorized payment was captured: the customer is charged.' },
    STOCK_COMMITTED: { description: 'The reserved units left the stock for good.' },
    ORDER_CONFIRMED: { description: 'The checkout completed: the order is CONFIRMED.' },
    CANCELLATION_REQUESTED: { description: 'cancelOrder was called; what the checkout did is being undone.' },
    CHECKOUT_EXPIRED: { description: 'The checkout made no progress for too long (a service down, say): the order will be cancelled.' },
    COMPENSATION_STARTED: { description: 'Undoing the completed steps began; the order is CANCELLING and failureReason says why.' },
    STOCK_RELEASED: { description: 'Reserved units went back to the available stock.' },
    PAYMENT_REVERSED: { description: 'The payment was voided (authorized only) or refunded (captured).' },
    ORDER_CANCELLED: { description: 'The order is CANCELLED; nothing of it remains charged or reserved.' },
  },
});

/** One entry of an order's history. */
@ObjectType({ description: 'One entry of an order`s history. Entries are never changed or removed.' })
export class OrderEvent {
  @Field(() => OrderEventType, { description: 'What happened.' })
  type!: OrderEventType;

  @Field({ description: 'When it happened (UTC).' })
  at!: Date;
}
