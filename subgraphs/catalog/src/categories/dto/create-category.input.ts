import { Field, InputType } from '@nestjs/graphql';

@InputType()
export class CreateCategoryInput {
  /** URL-friendly identifier: lower-case words separated by single dashes. */
  @Field()
  slug!: string;

  @Field()
  name!: string;
}
