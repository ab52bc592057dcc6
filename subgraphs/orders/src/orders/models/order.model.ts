import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { Money } from '@retail/common';
import { OrderEvent } from './order-event.model';
import { OrderItem } from './order-item.model';
import { OrderStatus } from './order-status.enum';
import { User } from './user.model';

@ObjectType({ description: 'A customer`s order. Visible to that customer and to admins only.' })
@Directive('@key(fields: "id")')
export class Order {
  @Field(() => ID, { description: 'Stable identifier (a UUID).' })
  id!: string;

  @Field(() => OrderStatus, { description: 'Where the order stands; see OrderStatus.' })
  status!: OrderStatus;

  @Field(() => String, { nullable: true, description: 'Why the order was cancelled, once it is.' })
  failureReason?: string | null;

  @Field({ description: 'When it was placed (UTC).' })
  createdAt!: Date;

  // User and Order refer to each other; the thunk resolves once both modules are loaded.
  @Field(() => User, { description: 'Who placed it.' })
  customer!: User;

  // At most 50 lines (placeOrder's limit).
  @Field(() => [OrderItem], { description: 'Its lines, by product name.' })
  @Directive('@listSize(assumedSize: 50)')
  items!: OrderItem[];

  @Field(() => Money, { description: 'Sum of quantity × unitPrice over the items.' })
  total!: Money;

  // One event of each kind at most, in practice.
  @Field(() => [OrderEvent], { description: 'What happened to the order, oldest first.' })
  @Directive('@listSize(assumedSize: 15)')
  history!: OrderEvent[];
}
