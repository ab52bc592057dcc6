import { Directive, Field, Int, ObjectType } from '@nestjs/graphql';

/**
 * An amount in minor units (cents for USD) of an ISO 4217 currency. A shared value type: every subgraph that
 * returns money uses this one class, so its definition is identical everywhere, as federation requires.
 */
@ObjectType()
@Directive('@shareable')
export class Money {
  @Field(() => Int)
  amount!: number;

  @Field()
  currency!: string;
}
