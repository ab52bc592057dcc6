import { Directive, Field, Int, ObjectType } from '@nestjs/graphql';

/** An amount in minor units of an ISO 4217 currency. Shared value type: identical in every subgraph. */
@ObjectType()
@Directive('@shareable')
export class Money {
  @Field(() => Int)
  amount!: number;

  @Field()
  currency!: string;
}
