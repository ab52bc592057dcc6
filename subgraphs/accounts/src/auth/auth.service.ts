import { Injectable } from '@nestjs/common';
import { BadUserInputError, UnauthenticatedError, isUniqueViolation } from '@retail/common';
import { PrismaService } from '../prisma/prisma.service';
import { TokenSigner } from '../tokens/token-signer.service';
import { USER_FIELDS } from '../users/user-fields';
import type { User } from '../users/models/user.model';
import { normalizeEmail, PASSWORD_MAX_LENGTH, validateRegistration } from './credentials-policy';
import type { LoginInput } from './dto/login.input';
import type { RegisterInput } from './dto/register.input';
import type { AuthPayload } from './models/auth-payload.model';
import { PasswordHasher } from './password-hasher';
import { RefreshTokensService } from './refresh-tokens.service';
import { LoginThrottle } from './login-throttle';

const INVALID_CREDENTIALS = 'Invalid email or password';

@Injectable()
export class AuthService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly passwords: PasswordHasher,
    private readonly refreshTokens: RefreshTokensService,
    private readonly tokens: TokenSigner,
    private readonly throttle: LoginThrottle,
  ) {}

  /**
   * Creates a CUSTOMER account and signs it in. BAD_USER_INPUT (nothing written) for invalid input or an
   * email that is already registered, also when two registrations of one email race.
   */
  async register(input: RegisterInput): Promise<AuthPayload> {
    const registration = validateRegistration(input);
    const passwordHash = await this.passwords.hash(registration.password);
    try {
      const { user, refreshToken } = await this.prisma.$transaction(async (tx) => {
        const created = await tx.user.create({
          data: { email: registration.email, name: registration.name, passwordHash },
          select: USER_FIELDS,
        });
        return { user: created, refreshToken: await this.refreshTokens.startSession(created.id, tx) };
      });
      return this.payload(user, refreshToken);
    } catch (error) {
      if (isUniqueViolation(error)) throw new BadUserInputError('Email is already registered', { field: 'email' });
      throw error;
    }
  }

  /**
   * Signs a user in with email and password, from the client at `ip`. UNAUTHENTICATED with one message for
   * unknown emails and wrong passwords, which take about as long to answer; TOO_MANY_REQUESTS while the
   * account or the IP has too many recent failures.
   */
  async login(input: LoginInput, ip: string): Promise<AuthPayload> {
    const email = normalizeEmail(input.email);
    const attempt = { email: email ?? input.email.slice(0, 320), ip };
    await this.throttle.assertAllowed(attempt);
    // No account has a password longer than the policy allows; refusing them early also bounds hashing work.
    const password = [...input.password].length <= PASSWORD_MAX_LENGTH ? input.password : null;
    const account =
      email && password !== null
        ? await this.prisma.user.findUnique({ where: { email }, select: { ...USER_FIELDS, passwordHash: true } })
        : null;
    const valid =
      account && password !== null
        ? await this.passwords.verify(account.passwordHash, password)
        : await this.passwords.verifyNothing(input.password.slice(0, PASSWORD_MAX_LENGTH));
    if (!account || !valid) {
      await this.throttle.recordFailure(attempt);
      throw new UnauthenticatedError(INVALID_CREDENTIALS);
    }
    await this.throttle.recordSuccess(attempt);
    const { passwordHash: _passwordHash, ...user } = account;
    return this.payload(user, await this.refreshTokens.startSession(user.id));
  }

  /** Renews a session: a new access token and the presented refresh token's successor. */
  async refreshSession(refreshToken: string): Promise<AuthPayload> {
    const rotated = await this.refreshTokens.rotate(refreshToken);
    return this.payload(rotated.user, rotated.refreshToken);
  }

  /**
   * Signs out the session of `refreshToken`. Always true, also for unknown or already revoked tokens, so
   * clients can call it unconditionally and it cannot be used to probe tokens.
   */
  async logout(refreshToken: string): Promise<boolean> {
    await this.refreshTokens.endSession(refreshToken);
    return true;
  }

  private async payload(user: User, refreshToken: string): Promise<AuthPayload> {
    const access = await this.tokens.signUserToken(user);
    return { accessToken: access.token, refreshToken, expiresIn: access.expiresIn, user };
  }
}

