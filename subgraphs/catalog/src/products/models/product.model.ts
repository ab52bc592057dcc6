import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-type-json';
import { Money } from '@retail/common';
import type { Category } from '../../categories/models/category.model';
import type { Stock } from '../../stock/models/stock.model';

@ObjectType({ description: 'Something the shop sells. Public.' })
@Directive('@key(fields: "id")')
export class Product {
  @Field(() => ID, { description: 'Stable identifier (a UUID); what placeOrder`s items refer to.' })
  id!: string;

  @Field({ description: 'Stock keeping unit, unique, upper-case.' })
  sku!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Longer text for the product page, if any.' })
  description!: string | null;

  @Field(() => GraphQLJSON, { description: 'Free-form attributes (size, colour, material, ...) as a JSON object.' })
  attributes!: Record<string, unknown>;

  @Field(() => Money, { description: 'The current unit price; an order keeps the price it was placed at.' })
  price!: Money;

  @Field({ description: 'When the product was added to the catalog (UTC).' })
  createdAt!: Date;

  /** Resolved into `category` (batched); not part of the schema. */
  categoryId!: string | null;

  /** Category and stock read with the product (the product list); when absent, the fields batch their own query. */
  preloaded?: { category: Category | null; stock: Stock };
}
