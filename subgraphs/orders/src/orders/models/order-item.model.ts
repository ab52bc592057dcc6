import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Money } from '@retail/common';
import { Product } from './product.model';

/** A line of an order, priced from the catalog when the order was placed. */
@ObjectType()
export class OrderItem {
  @Field(() => Int)
  quantity!: number;

  @Field(() => Money)
  unitPrice!: Money;

  @Field()
  productName!: string;

  @Field(() => Product)
  product!: Product;
}
