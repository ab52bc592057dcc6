import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from './role.enum';

@ObjectType({ description: 'Someone who can sign in. Visible to the user themself, administrators and services.' })
@Directive('@key(fields: "id")')
export class User {
  @Field(() => ID, { description: 'Stable identifier (a UUID).' })
  id!: string;

  @Field({ description: 'The sign-in address, trimmed and lower-cased.' })
  email!: string;

  @Field({ description: 'The display name given at registration.' })
  name!: string;

  @Field(() => Role, { description: 'What the user may do; new registrations are CUSTOMER.' })
  role!: Role;

  @Field({ description: 'When the account was registered (UTC).' })
  createdAt!: Date;
}
