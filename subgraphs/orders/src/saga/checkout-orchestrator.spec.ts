import { CheckoutOrchestrator } from './checkout-orchestrator';
import type { OutboxRelay } from './outbox-relay';
import type { PrismaService } from '../prisma/prisma.service';
import type { OrdersConfig } from '../config';
import type { StepHandler, StepHandlers } from './steps/checkout-step';
import type { OrderSteps } from './steps/order.steps';
import type { PaymentSteps } from './steps/payment.steps';
import type { StockSteps } from './steps/stock.steps';

const noop: StepHandler = async () => ({ events: [] });
const steps = <T>(handlers: StepHandlers) => ({ handlers }) as unknown as T;

function orchestrator(stock: StepHandlers, payment: StepHandlers, order: StepHandlers): CheckoutOrchestrator {
  return new CheckoutOrchestrator(
    {} as PrismaService,
    {} as OutboxRelay,
    {} as OrdersConfig,
    steps<StockSteps>(stock),
    steps<PaymentSteps>(payment),
    steps<OrderSteps>(order),
  );
}

describe(CheckoutOrchestrator.name, () => {
  const stock = { RESERVE_STOCK: noop, COMMIT_STOCK: noop, RELEASE_STOCK: noop };
  const payment = { AUTHORIZE_PAYMENT: noop, CAPTURE_PAYMENT: noop, REVERSE_PAYMENT: noop };
  const order = { CONFIRM_ORDER: noop, CANCEL_ORDER: noop };

  it('starts when every step has exactly one handler', () => {
    expect(orchestrator(stock, payment, order).hasHandler('CANCEL_ORDER')).toBe(true);
  });

  it('refuses to start when a step has no handler', () => {
    expect(() => orchestrator(stock, { AUTHORIZE_PAYMENT: noop, CAPTURE_PAYMENT: noop }, order)).toThrow(
      'Checkout steps without a handler: REVERSE_PAYMENT',
    );
  });

  it('refuses to start when a step has two handlers', () => {
    expect(() => orchestrator(stock, payment, { ...order, RELEASE_STOCK: noop })).toThrow('RELEASE_STOCK has two handlers');
  });
});
