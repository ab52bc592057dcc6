import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Money } from '@retail/common';
import { Product } from './product.model';

/** A line of an order, priced from the catalog when the order was placed. */
@ObjectType({ description: 'A line of an order: a product, how many, and the price it was ordered at.' })
export class OrderItem {
  @Field(() => Int, { description: 'Units ordered, 1 to 1000.' })
  quantity!: number;

  @Field(() => Money, { description: 'The product`s price when the order was placed (later price changes do not apply).' })
  unitPrice!: Money;

  @Field({ description: 'The product`s name when the order was placed.' })
  productName!: string;

  @Field(() => Product, { description: 'The product, as the catalog has it now.' })
  product!: Product;
}
