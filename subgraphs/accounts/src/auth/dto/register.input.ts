import { Field, InputType } from '@nestjs/graphql';

@InputType({ description: 'A new customer account. Bad values are refused with BAD_USER_INPUT naming the field.' })
export class RegisterInput {
  @Field({ description: 'Trimmed and lower-cased; at most 254 characters.' })
  email!: string;

  @Field({ description: '8 to 128 characters with at least one letter and one digit.' })
  password!: string;

  @Field({ description: '1 to 100 characters after trimming.' })
  name!: string;
}
