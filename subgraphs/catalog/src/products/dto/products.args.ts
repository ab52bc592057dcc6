import { ArgsType, Field, Int } from '@nestjs/graphql';
import { ProductFilter } from './product-filter.input';

@ArgsType()
export class ProductsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20 })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => ProductFilter, { nullable: true })
  filter?: ProductFilter | null;
}
