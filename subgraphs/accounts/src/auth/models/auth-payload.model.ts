import { Field, Int, ObjectType } from '@nestjs/graphql';
import { User } from '../../users/models/user.model';

@ObjectType({ description: 'A signed-in session: a short-lived access token and the refresh token that renews it.' })
export class AuthPayload {
  @Field({ description: 'ES256 JWT; send as "Authorization: Bearer <accessToken>".' })
  accessToken!: string;

  @Field({ description: 'Opaque, single use: refreshSession returns its successor.' })
  refreshToken!: string;

  @Field(() => Int, { description: 'Seconds until the access token expires.' })
  expiresIn!: number;

  @Field(() => User, { description: 'The user now signed in.' })
  user!: User;
}
