import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

/** The orders subgraph's Order, which payments extends with `payment`. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Order {
  @Field(() => ID)
  id!: string;
}
