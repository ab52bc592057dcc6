import { registerEnumType } from '@nestjs/graphql';
import { OrderStatus } from '../order-status';

registerEnumType(OrderStatus, {
  name: 'OrderStatus',
  description: 'PENDING while the checkout runs, then CONFIRMED or CANCELLED; CANCELLING while it is being undone.',
  valuesMap: {
    PENDING: { description: 'Placed; the checkout is reserving stock and taking payment.' },
    CONFIRMED: { description: 'Paid and its stock committed. May still be cancelled (the payment is refunded).' },
    CANCELLING: { description: 'Being undone after a failure or a cancelOrder: stock released, payment voided or refunded.' },
    CANCELLED: { description: 'Final: nothing of it is charged or reserved; failureReason says why.' },
  },
});

export { OrderStatus };
