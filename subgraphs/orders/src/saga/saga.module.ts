import { Global, Module } from '@nestjs/common';
import { CheckoutQueuesService } from './checkout-queues.service';
import { OrderStatusStreamPublisher } from './order-status-stream.publisher';
import { OutboxRelay } from './outbox-relay';

/** The producer side of the saga, used by the subgraph and the worker: the queues and the outbox relay. */
@Global()
@Module({
  providers: [CheckoutQueuesService, OrderStatusStreamPublisher, OutboxRelay],
  exports: [CheckoutQueuesService, OutboxRelay],
})
export class SagaModule {}
