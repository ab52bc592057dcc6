import { registerEnumType } from '@nestjs/graphql';
import { OrderStatus } from '../order-status';

registerEnumType(OrderStatus, {
  name: 'OrderStatus',
  description: 'PENDING while the checkout runs, then CONFIRMED or CANCELLED; CANCELLING while it is being undone.',
});

export { OrderStatus };
