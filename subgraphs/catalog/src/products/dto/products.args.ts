import { ArgsType, Field, Int } from '@nestjs/graphql';
import { ProductFilter } from './product-filter.input';

@ArgsType()
export class ProductsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'Page size: 1 to 100 products.' })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor after which the page starts: the previous page`s pageInfo.endCursor. Opaque; omit for the first page.',
  })
  after?: string | null;

  @Field(() => ProductFilter, { nullable: true, description: 'Narrows the list; all given conditions must hold.' })
  filter?: ProductFilter | null;
}
