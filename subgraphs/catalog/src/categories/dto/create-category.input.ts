import { Field, InputType } from '@nestjs/graphql';

@InputType({ description: 'A new category.' })
export class CreateCategoryInput {
  @Field({ description: 'URL-friendly identifier, unique: lower-case letters and digits in dash-separated words, at most 64 characters.' })
  slug!: string;

  @Field({ description: 'Display name.' })
  name!: string;
}
