import { Directive, Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PaymentStatus } from '../payment-status';
import { Money } from '@retail/common';

registerEnumType(PaymentStatus, { name: 'PaymentStatus' });

/** An order's payment. `history` is resolved separately; `orderId` and `customerId` are never exposed. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Payment {
  @Field(() => ID)
  id!: string;

  @Field(() => PaymentStatus)
  status!: PaymentStatus;

  @Field(() => Money)
  amount!: Money;

  @Field(() => String, { nullable: true })
  declineReason!: string | null;

  @Field()
  createdAt!: Date;

  orderId!: string;
  customerId!: string;
}
