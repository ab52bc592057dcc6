import { Module } from '@nestjs/common';
import { RemoteModule } from '../remote/remote.module';
import { CheckoutOrchestrator } from './checkout-orchestrator';
import { CheckoutWorkers } from './checkout-workers';
import { SagaModule } from './saga.module';
import { OrderSteps } from './steps/order.steps';
import { PaymentSteps } from './steps/payment.steps';
import { StockSteps } from './steps/stock.steps';

/** The consumer side of the saga: step handlers, the orchestrator and one worker per step queue. */
@Module({
  imports: [SagaModule, RemoteModule],
  providers: [StockSteps, PaymentSteps, OrderSteps, CheckoutOrchestrator, CheckoutWorkers],
  exports: [CheckoutOrchestrator],
})
export class CheckoutWorkerModule {}
