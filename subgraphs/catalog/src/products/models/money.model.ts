import { Directive, Field, Int, ObjectType } from '@nestjs/graphql';

/** An amount in minor units (cents for USD) of an ISO 4217 currency. Identical in every subgraph. */
@ObjectType()
@Directive('@shareable')
export class Money {
  @Field(() => Int)
  amount!: number;

  @Field()
  currency!: string;
}
