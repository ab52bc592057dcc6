import { Directive, Field, Int, ObjectType } from '@nestjs/graphql';
import { Product } from './product.model';

@ObjectType({ description: 'Where a page of a list ends, and whether another follows.' })
@Directive('@shareable')
export class PageInfo {
  @Field({ description: 'true when a next page exists: ask again with `after: endCursor`.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of this page; null when the page is empty.' })
  endCursor!: string | null;
}

@ObjectType({ description: 'A product in a page of products, with its cursor.' })
export class ProductEdge {
  @Field({ description: 'Opaque position of this product in the list; pass it as `after` to continue from it.' })
  cursor!: string;

  @Field(() => Product, { description: 'The product.' })
  node!: Product;
}

@ObjectType({ description: 'A page of products (cursor pagination, as in the Relay connection specification).' })
export class ProductConnection {
  @Field(() => Int, { description: 'How many products match the filter, on every page.' })
  totalCount!: number;

  @Field(() => PageInfo, { description: 'Where this page ends.' })
  pageInfo!: PageInfo;

  @Field(() => [ProductEdge], { description: 'The products of this page, by name; at most `first` of them.' })
  edges!: ProductEdge[];
}
