import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class PaymentEvent {
  @Field()
  type!: string;

  @Field()
  at!: Date;
}
