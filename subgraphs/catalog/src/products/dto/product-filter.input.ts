import { Field, ID, InputType, Int } from '@nestjs/graphql';

@InputType()
export class ProductFilter {
  /** Case-insensitive match on name, SKU and description. */
  @Field(() => String, { nullable: true })
  search?: string | null;

  @Field(() => ID, { nullable: true })
  categoryId?: string | null;

  /** Minimum price in minor units, inclusive. */
  @Field(() => Int, { nullable: true })
  minPrice?: number | null;

  /** Maximum price in minor units, inclusive. */
  @Field(() => Int, { nullable: true })
  maxPrice?: number | null;

  /** true: only products with available stock; false: only those without. */
  @Field(() => Boolean, { nullable: true })
  inStock?: boolean | null;
}
