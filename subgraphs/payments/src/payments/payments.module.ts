import { Module } from '@nestjs/common';
import { PaymentGatewayModule } from '../payment-gateway/payment-gateway.module';
import { OrderResolver } from './order.resolver';
import { PaymentLedger } from './payment-ledger';
import { PaymentsLoader } from './payments.loader';
import { PaymentsResolver } from './payments.resolver';
import { PaymentsService } from './payments.service';

@Module({
  imports: [PaymentGatewayModule],
  providers: [PaymentsResolver, OrderResolver, PaymentsService, PaymentsLoader, PaymentLedger],
})
export class PaymentsModule {}
