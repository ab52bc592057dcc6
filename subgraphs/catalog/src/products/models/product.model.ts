import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-type-json';
import { Money } from '@retail/common';

@ObjectType()
@Directive('@key(fields: "id")')
export class Product {
  @Field(() => ID)
  id!: string;

  @Field()
  sku!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => GraphQLJSON)
  attributes!: Record<string, unknown>;

  @Field(() => Money)
  price!: Money;

  @Field()
  createdAt!: Date;

  /** Resolved into `category` (batched); not part of the schema. */
  categoryId!: string | null;
}
