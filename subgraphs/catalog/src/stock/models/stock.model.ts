import { Field, Int, ObjectType } from '@nestjs/graphql';

/** Stock of one product: `available` can be sold, `reserved` is held by checkouts in flight. */
@ObjectType({ description: 'Stock of one product.' })
export class Stock {
  @Field(() => Int, { description: 'Units that can be sold now.' })
  available!: number;

  @Field(() => Int, { description: 'Units held by checkouts in progress: sold once they complete, available again if they fail.' })
  reserved!: number;
}
