import { Directive, Field, Int, ObjectType } from '@nestjs/graphql';

/** An amount in minor units (cents) and its ISO 4217 currency; the same value type in every subgraph. */
@ObjectType()
@Directive('@shareable')
export class Money {
  @Field(() => Int)
  amount!: number;

  @Field()
  currency!: string;
}
