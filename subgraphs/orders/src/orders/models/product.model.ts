import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

/** The catalog's product, referenced by order lines. Resolved by the catalog subgraph. */
@ObjectType()
@Directive('@key(fields: "id", resolvable: false)')
export class Product {
  @Field(() => ID)
  id!: string;
}
