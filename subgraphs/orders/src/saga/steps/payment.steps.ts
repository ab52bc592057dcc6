import { Injectable } from '@nestjs/common';
import { OrderEventType } from '../../orders/order-events';
import { TransientServiceError } from '@retail/common';
import { PaymentsClient } from '../../remote/payments.client';
import { UnexpectedAnswerError } from '../step-errors';
import { CheckoutRejectedError, type StepContext, type StepHandlers, type StepResult } from './checkout-step';

/** AUTHORIZE_PAYMENT, CAPTURE_PAYMENT and their compensation REVERSE_PAYMENT, against payments (idempotent per order). */
@Injectable()
export class PaymentSteps {
  constructor(private readonly payments: PaymentsClient) {}

  readonly handlers: StepHandlers = {
    AUTHORIZE_PAYMENT: (context) => this.authorizePayment(context),
    CAPTURE_PAYMENT: (context) => this.capturePayment(context),
    REVERSE_PAYMENT: (context) => this.reversePayment(context),
  };

  /** Authorizes the order total with the customer's one-time token; DECLINED fails the checkout. */
  async authorizePayment({ order, saga }: StepContext): Promise<StepResult> {
    if (!saga.paymentToken) throw new CheckoutRejectedError('Payment declined: no payment token');
    const payment = await this.payments.authorizePayment({
      orderId: order.id,
      customerId: order.customerId,
      amount: order.totalAmount,
      currency: order.currency,
      paymentToken: saga.paymentToken,
    });
    if (payment.status === 'AUTHORIZED' || payment.status === 'CAPTURED') {
      return { events: [{ type: OrderEventType.PAYMENT_AUTHORIZED, data: { paymentId: payment.id } }] };
    }
    if (payment.status === 'DECLINED') {
      const reason = `Payment declined: ${payment.declineReason ?? 'declined'}`;
      throw new CheckoutRejectedError(reason, [{ type: OrderEventType.PAYMENT_DECLINED, data: { reason } }]);
    }
    // The gateway has not answered yet; asking again (same idempotency key) resolves it.
    if (payment.status === 'PENDING') throw new TransientServiceError(`Payment of order ${order.id} is still pending`);
    throw new UnexpectedAnswerError(`authorizePayment answered ${payment.status} for order ${order.id}`);
  }

  async capturePayment({ order }: StepContext): Promise<StepResult> {
    const payment = await this.payments.capturePayment(order.id);
    if (payment.status === 'CAPTURED') {
      return { events: [{ type: OrderEventType.PAYMENT_CAPTURED, data: { paymentId: payment.id } }] };
    }
    throw new UnexpectedAnswerError(`capturePayment answered ${payment.status} for order ${order.id}`);
  }

  /** Compensates AUTHORIZE_PAYMENT and CAPTURE_PAYMENT: voids the authorization or refunds the capture. */
  async reversePayment({ order }: StepContext): Promise<StepResult> {
    const payment = await this.payments.reversePayment(order.id);
    if (!payment || payment.status === 'DECLINED') return { events: [] };
    return { events: [{ type: OrderEventType.PAYMENT_REVERSED, data: { status: payment.status } }] };
  }
}
