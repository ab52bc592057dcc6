import { Directive, Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PaymentStatus } from '../payment-status';
import { Money } from '@retail/common';

registerEnumType(PaymentStatus, {
  name: 'PaymentStatus',
  description: 'Where a payment stands: PENDING, then AUTHORIZED or DECLINED; AUTHORIZED, then CAPTURED or VOIDED; CAPTURED may be REFUNDED.',
  valuesMap: {
    PENDING: { description: 'The payment provider is being asked to authorize the amount.' },
    AUTHORIZED: { description: 'The amount is held on the card, not yet charged.' },
    CAPTURED: { description: 'The amount is charged.' },
    DECLINED: { description: 'Final: the card was declined (see declineReason); nothing was charged.' },
    VOIDED: { description: 'Final: the authorization was released (the order was cancelled before capture); nothing was charged.' },
    REFUNDED: { description: 'Final: the charged amount was paid back (the order was cancelled after capture).' },
  },
});

/** An order's payment. `history` is resolved separately; `orderId` and `customerId` are never exposed. */
@ObjectType({ description: 'The payment of an order. Visible to the order`s customer and to admins only.' })
@Directive('@key(fields: "id")')
export class Payment {
  @Field(() => ID, { description: 'Stable identifier (a UUID).' })
  id!: string;

  @Field(() => PaymentStatus, { description: 'Where the payment stands; see PaymentStatus.' })
  status!: PaymentStatus;

  @Field(() => Money, { description: 'The amount charged or to be charged: the order`s total.' })
  amount!: Money;

  @Field(() => String, { nullable: true, description: 'Why the payment provider declined the card; null unless DECLINED.' })
  declineReason!: string | null;

  @Field({ description: 'When the payment was requested (UTC).' })
  createdAt!: Date;

  orderId!: string;
  customerId!: string;
}
