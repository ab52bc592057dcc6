import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from './role.enum';

@ObjectType({ description: 'Someone who can sign in. Visible to the user themself, administrators and services.' })
@Directive('@key(fields: "id")')
export class User {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field()
  name!: string;

  @Field(() => Role)
  role!: Role;

  @Field()
  createdAt!: Date;
}
