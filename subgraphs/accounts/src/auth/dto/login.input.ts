import { Field, InputType } from '@nestjs/graphql';

@InputType({ description: 'Credentials to sign in with.' })
export class LoginInput {
  @Field({ description: 'The address registered with; case does not matter.' })
  email!: string;

  @Field({ description: 'The account password.' })
  password!: string;
}
