import { Module } from '@nestjs/common';
import { CheckoutSagasResolver } from './checkout-sagas.resolver';

/** The operators' GraphQL API over checkout sagas (in the subgraph only; the worker serves no GraphQL). */
@Module({ providers: [CheckoutSagasResolver] })
export class CheckoutAdminModule {}
