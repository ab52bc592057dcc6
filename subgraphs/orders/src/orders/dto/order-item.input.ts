import { Field, ID, InputType, Int } from '@nestjs/graphql';

@InputType({ description: 'One line of a new order.' })
export class OrderItemInput {
  @Field(() => ID, { description: 'The product`s id; each product at most once per order.' })
  productId!: string;

  @Field(() => Int, { description: 'Units, 1 to 1000.' })
  quantity!: number;
}
