import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { Order } from './order.model';

/** The accounts subgraph's user, extended here with the user's orders. */
@ObjectType()
@Directive('@key(fields: "id")')
export class User {
  @Field(() => ID)
  id!: string;

  @Field(() => [Order], { description: 'Newest first. The user themself, an admin or a service.' })
  orders?: Order[];
}
