import { Field, InputType } from '@nestjs/graphql';
import { OrderItemInput } from './order-item.input';

@InputType({ description: 'A new order: what to buy and how to pay. Prices come from the catalog, never from the client.' })
export class PlaceOrderInput {
  @Field(() => [OrderItemInput], { description: '1 to 50 lines, each product once.' })
  items!: OrderItemInput[];

  @Field({
    description:
      'The card token from the payment provider`s client SDK (1 to 200 characters). The development and test ' +
      'payment gateway knows three: "tok_visa" approves; "tok_chargeDeclined" declines (the order ends ' +
      'CANCELLED with a failureReason; retrying cannot succeed); "tok_processingError" fails transiently on its ' +
      'first two attempts and then approves (the checkout retries; the card is charged once).',
  })
  paymentToken!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The same key from the same customer returns the order it first created.',
  })
  idempotencyKey?: string | null;
}
