import { Directive, Field, ID, InputType, Int } from '@nestjs/graphql';

/** What the checkout saga sends to authorize an order's payment. */
@InputType()
@Directive('@inaccessible')
export class AuthorizePaymentInput {
  @Field(() => ID)
  orderId!: string;

  @Field(() => ID)
  customerId!: string;

  /** In minor units (cents). */
  @Field(() => Int)
  amount!: number;

  @Field()
  currency!: string;

  @Field()
  paymentToken!: string;
}
