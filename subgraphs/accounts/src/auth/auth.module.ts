import { Module } from '@nestjs/common';
import { ACCOUNTS_CONFIG, type AccountsConfig } from '../config';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { RefreshTokensService } from './refresh-tokens.service';

@Module({
  providers: [
    AuthResolver,
    AuthService,
    RefreshTokensService,
    LoginThrottle,
    {
      provide: PasswordHasher,
      inject: [ACCOUNTS_CONFIG],
      useFactory: (config: AccountsConfig) => new PasswordHasher(config.argon2),
    },
  ],
})
export class AuthModule {}
