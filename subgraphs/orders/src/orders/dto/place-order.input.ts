import { Field, InputType } from '@nestjs/graphql';
import { OrderItemInput } from './order-item.input';

@InputType()
export class PlaceOrderInput {
  @Field(() => [OrderItemInput])
  items!: OrderItemInput[];

  @Field()
  paymentToken!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The same key from the same customer returns the order it first created.',
  })
  idempotencyKey?: string | null;
}
