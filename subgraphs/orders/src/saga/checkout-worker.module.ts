import { Module } from '@nestjs/common';
import { RemoteModule } from '../remote/remote.module';
import { CheckoutOrchestrator } from './checkout-orchestrator';
import { CheckoutReconciler } from './checkout-reconciler';
import { CheckoutWorkers } from './checkout-workers';
import { SagaStateMetrics } from './saga-state-metrics';
import { SagaModule } from './saga.module';
import { OrderSteps } from './steps/order.steps';
import { PaymentSteps } from './steps/payment.steps';
import { StockSteps } from './steps/stock.steps';

/**
 * The consumer side of the saga: step handlers, the orchestrator, the reconciler, one worker per step queue, and
 * the gauges of the saga's state served on the worker's /metrics.
 */
@Module({
  imports: [SagaModule, RemoteModule],
  providers: [StockSteps, PaymentSteps, OrderSteps, CheckoutOrchestrator, CheckoutReconciler, CheckoutWorkers, SagaStateMetrics],
  exports: [CheckoutOrchestrator, CheckoutReconciler],
})
export class CheckoutWorkerModule {}
