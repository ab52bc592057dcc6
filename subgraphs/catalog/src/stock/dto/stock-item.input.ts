import { Directive, Field, ID, InputType, Int } from '@nestjs/graphql';

@InputType()
@Directive('@inaccessible')
export class StockItemInput {
  @Field(() => ID)
  productId!: string;

  @Field(() => Int)
  quantity!: number;
}
