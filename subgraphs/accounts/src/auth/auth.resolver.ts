import type { IncomingMessage } from 'node:http';
import { UseFilters } from '@nestjs/common';
import { Args, Context, Directive, Mutation, Resolver } from '@nestjs/graphql';
import { AuthService } from './auth.service';
import { clientIp } from './client-ip';
import { TooManyRequestsFilter } from './too-many-requests.filter';
import { LoginInput } from './dto/login.input';
import { RegisterInput } from './dto/register.input';
import { AuthPayload } from './models/auth-payload.model';

@Resolver(() => AuthPayload)
export class AuthResolver {
  constructor(private readonly authService: AuthService) {}

  @Mutation(() => AuthPayload, { description: 'Creates a customer account and signs it in.' })
  // Hashing the password with argon2id takes tens of milliseconds of CPU: worth more than a plain write.
  @Directive('@cost(weight: 20)')
  register(@Args('input', { description: 'Email, password and name of the new account.' }) input: RegisterInput): Promise<AuthPayload> {
    return this.authService.register(input);
  }

  @Mutation(() => AuthPayload, {
    description: 'Signs in with email and password. TOO_MANY_REQUESTS after repeated failures for the account or the client.',
  })
  @UseFilters(TooManyRequestsFilter)
  // Verifying an argon2id hash, as for register.
  @Directive('@cost(weight: 20)')
  login(@Args('input', { description: 'Email and password.' }) input: LoginInput, @Context('req') req: IncomingMessage): Promise<AuthPayload> {
    return this.authService.login(input, clientIp(req));
  }

  @Mutation(() => AuthPayload, { description: 'Exchanges a refresh token for a new session; the old token stops working.' })
  refreshSession(
    @Args('refreshToken', { description: 'The refreshToken of the current session; it is single use.' }) refreshToken: string,
  ): Promise<AuthPayload> {
    return this.authService.refreshSession(refreshToken);
  }

  @Mutation(() => Boolean, { description: 'Ends the session of a refresh token. Always true, also for unknown tokens.' })
  logout(@Args('refreshToken', { description: 'The refreshToken of the session to end.' }) refreshToken: string): Promise<boolean> {
    return this.authService.logout(refreshToken);
  }
}
