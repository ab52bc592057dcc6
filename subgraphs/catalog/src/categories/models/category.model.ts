import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A group of products in the catalog. Public.' })
@Directive('@key(fields: "id")')
export class Category {
  @Field(() => ID, { description: 'Stable identifier (a UUID); filter products with `filter: { categoryId }`.' })
  id!: string;

  @Field({ description: 'URL-friendly unique name, e.g. "t-shirts".' })
  slug!: string;

  @Field({ description: 'Display name.' })
  name!: string;
}
