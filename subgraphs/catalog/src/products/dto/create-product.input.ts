import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-type-json';

@InputType({ description: 'A new product and its initial stock.' })
export class CreateProductInput {
  @Field({ description: 'Stock keeping unit, unique: 2 to 64 letters, digits and dashes; stored upper-case.' })
  sku!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Longer text shown on the product page.' })
  description?: string | null;

  @Field(() => Int, { description: 'Price in minor units of `currency` (1999 for 19.99).' })
  priceAmount!: number;

  @Field({ description: 'ISO 4217 code of three upper-case letters, e.g. "USD".' })
  currency!: string;

  @Field(() => ID, { nullable: true, description: 'The category it belongs to, if any; it must exist.' })
  categoryId?: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Free-form JSON object of attributes (size, colour, ...).' })
  attributes?: unknown;

  @Field(() => Int, { description: 'Units available for sale from the start; 0 or more.' })
  initialStock!: number;
}
