import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { Money } from '@retail/common';
import { OrderEvent } from './order-event.model';
import { OrderItem } from './order-item.model';
import { OrderStatus } from './order-status.enum';
import { User } from './user.model';

@ObjectType()
@Directive('@key(fields: "id")')
export class Order {
  @Field(() => ID)
  id!: string;

  @Field(() => OrderStatus)
  status!: OrderStatus;

  @Field(() => String, { nullable: true, description: 'Why the order was cancelled, once it is.' })
  failureReason?: string | null;

  @Field()
  createdAt!: Date;

  // User and Order refer to each other; the thunk resolves once both modules are loaded.
  @Field(() => User)
  customer!: User;

  @Field(() => [OrderItem])
  items!: OrderItem[];

  @Field(() => Money)
  total!: Money;

  @Field(() => [OrderEvent], { description: 'What happened to the order, oldest first.' })
  history!: OrderEvent[];
}
