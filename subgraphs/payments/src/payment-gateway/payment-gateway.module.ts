import { Module } from '@nestjs/common';
import { PAYMENTS_CONFIG, type PaymentsConfig } from '../config';
import { HttpPaymentGateway } from './http-payment-gateway';
import { PAYMENT_GATEWAY } from './payment-gateway';

@Module({
  providers: [
    {
      provide: PAYMENT_GATEWAY,
      inject: [PAYMENTS_CONFIG],
      useFactory: (config: PaymentsConfig) => new HttpPaymentGateway(config.paymentGateway),
    },
  ],
  exports: [PAYMENT_GATEWAY],
})
export class PaymentGatewayModule {}
