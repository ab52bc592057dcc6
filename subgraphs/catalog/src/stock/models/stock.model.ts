import { Field, Int, ObjectType } from '@nestjs/graphql';

/** Stock of one product: `available` can be sold, `reserved` is held by checkouts in flight. */
@ObjectType()
export class Stock {
  @Field(() => Int)
  available!: number;

  @Field(() => Int)
  reserved!: number;
}
