import { Global, Module } from '@nestjs/common';
import { Checkout } from '../orders/checkout';
import { CheckoutQueuesService } from './checkout-queues.service';
import { CheckoutSagaService } from './checkout-saga.service';
import { OrderStatusStreamPublisher } from './order-status-stream.publisher';
import { OutboxRelay } from './outbox-relay';

/**
 * The saga's state and its producer side, used by the subgraph and the worker: the entry points for placing
 * and cancelling orders (provided as the orders service's `Checkout`), the queues and the outbox relay.
 */
@Global()
@Module({
  providers: [
    CheckoutQueuesService,
    OrderStatusStreamPublisher,
    OutboxRelay,
    CheckoutSagaService,
    { provide: Checkout, useExisting: CheckoutSagaService },
  ],
  exports: [CheckoutQueuesService, OutboxRelay, CheckoutSagaService, Checkout],
})
export class SagaModule {}
