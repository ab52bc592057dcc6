import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-type-json';

@InputType()
export class CreateProductInput {
  @Field()
  sku!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  /** Price in minor units of `currency`. */
  @Field(() => Int)
  priceAmount!: number;

  @Field()
  currency!: string;

  @Field(() => ID, { nullable: true })
  categoryId?: string | null;

  @Field(() => GraphQLJSON, { nullable: true })
  attributes?: unknown;

  @Field(() => Int)
  initialStock!: number;
}
