import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { ApolloFederationDriverConfig } from '@nestjs/apollo';
import { ApolloFederationDriver } from '@nestjs/apollo';
import { AccessTokenVerifier, ClientErrorFilter, subgraphGraphQLOptions } from '@retail/common';
import { ACCOUNTS_CONFIG, type AccountsConfig } from './config';
import { PrismaModule } from './prisma/prisma.module';
import { TokensModule } from './tokens/tokens.module';
import { SigningKeySet } from './tokens/signing-key-set';
import { UsersModule } from './users/users.module';
import { AuthModule } from './auth/auth.module';
import { ServiceClientsModule } from './service-clients/service-clients.module';
import { accountsPermissions } from './permissions';


@Module({})
export class AppModule {
  static forRoot(config: AccountsConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        TokensModule,
        // Async: the verifier uses the signing key set, loaded (or generated) at start-up, instead of fetching our own JWKS.
        GraphQLModule.forRootAsync<ApolloFederationDriverConfig>({
          driver: ApolloFederationDriver,
          imports: [TokensModule],
          inject: [SigningKeySet],
          useFactory: (keys: SigningKeySet) =>
            subgraphGraphQLOptions({
              verifier: new AccessTokenVerifier(config.tokens, keys.verificationKeys()),
              permissions: accountsPermissions,
            }),
        }),
        PrismaModule,
        UsersModule,
        AuthModule,
        ServiceClientsModule,
      ],
      providers: [
        { provide: ACCOUNTS_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ClientErrorFilter },
      ],
      exports: [ACCOUNTS_CONFIG],
    };
  }
}
