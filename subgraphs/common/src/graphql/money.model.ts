import { Directive, Field, Int, ObjectType } from '@nestjs/graphql';

/**
 * An amount in minor units (cents for USD) of an ISO 4217 currency. A shared value type: every subgraph that
 * returns money uses this one class, so its definition is identical everywhere, as federation requires.
 */
@ObjectType({ description: 'An amount of money: an integer number of minor units of an ISO 4217 currency.' })
@Directive('@shareable')
export class Money {
  @Field(() => Int, { description: 'In minor units of `currency` (cents for USD and EUR): 1999 is 19.99. Never a float.' })
  amount!: number;

  @Field({ description: 'ISO 4217 alphabetic currency code, upper case, e.g. "USD" or "EUR".' })
  currency!: string;
}
