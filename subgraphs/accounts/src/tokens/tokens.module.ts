import { Global, Module } from '@nestjs/common';
import { ACCOUNTS_CONFIG, type AccountsConfig } from '../config';
import { JwksController } from './jwks.controller';
import { SigningKeySet } from './signing-key-set';
import { TokenSigner } from './token-signer.service';

/** The signing keys (loaded or, outside production, generated at start-up), the JWKS and token signing. */
@Global()
@Module({
  controllers: [JwksController],
  providers: [
    {
      provide: SigningKeySet,
      inject: [ACCOUNTS_CONFIG],
      useFactory: (config: AccountsConfig) => SigningKeySet.load(config.signingKey),
    },
    TokenSigner,
  ],
  exports: [SigningKeySet, TokenSigner],
})
export class TokensModule {}
