import { Injectable } from '@nestjs/common';
import { OrderEventType } from '../../orders/order-events';
import type { StepContext, StepHandlers, StepResult } from './checkout-step';

/** The local steps: CONFIRM_ORDER ends a successful checkout, CANCEL_ORDER ends every compensation. */
@Injectable()
export class OrderSteps {
  readonly handlers: StepHandlers = {
    CONFIRM_ORDER: (context) => this.confirmOrder(context),
    CANCEL_ORDER: (context) => this.cancelOrder(context),
  };

  async confirmOrder(_context: StepContext): Promise<StepResult> {
    return { status: 'CONFIRMED', events: [{ type: OrderEventType.ORDER_CONFIRMED }] };
  }

  /** The order keeps the failure reason set when compensation began. */
  async cancelOrder({ order }: StepContext): Promise<StepResult> {
    return {
      status: 'CANCELLED',
      events: [{ type: OrderEventType.ORDER_CANCELLED, data: { reason: order.failureReason } }],
    };
  }
}
