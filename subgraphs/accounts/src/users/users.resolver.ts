import { Context, Directive, Parent, Query, Resolver, ResolveReference } from '@nestjs/graphql';
import type { RequestContext } from '@retail/common';
import { User } from './models/user.model';
import { UsersService } from './users.service';

@Resolver(() => User)
export class UsersResolver {
  constructor(private readonly usersService: UsersService) {}

  @Query(() => User, { description: 'The signed-in user; UNAUTHENTICATED without a valid access token.' })
  @Directive('@authenticated')
  me(@Context() context: RequestContext): Promise<User> {
    return this.usersService.me(context);
  }

  @ResolveReference()
  resolveReference(
    @Parent() reference: { __typename: 'User'; id: string },
    @Context() context: RequestContext,
  ): Promise<User | null> {
    return this.usersService.resolveReference(reference.id, context);
  }
}
