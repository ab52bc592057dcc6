import { Field, ObjectType } from '@nestjs/graphql';

/** One entry of an order's history. */
@ObjectType()
export class OrderEvent {
  @Field()
  type!: string;

  @Field()
  at!: Date;
}
