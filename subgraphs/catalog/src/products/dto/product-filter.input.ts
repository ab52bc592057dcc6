import { Field, ID, InputType, Int } from '@nestjs/graphql';

@InputType({ description: 'Conditions on products; every given one must hold.' })
export class ProductFilter {
  @Field(() => String, { nullable: true, description: 'Case-insensitive match on name, SKU and description.' })
  search?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only products of this category.' })
  categoryId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Minimum price in minor units, inclusive.' })
  minPrice?: number | null;

  @Field(() => Int, { nullable: true, description: 'Maximum price in minor units, inclusive.' })
  maxPrice?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only products with available stock; false: only those without.' })
  inStock?: boolean | null;
}
