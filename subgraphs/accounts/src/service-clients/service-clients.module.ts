import { Module } from '@nestjs/common';
import { ClientCredentialsService } from './client-credentials.service';
import { OAuthTokenController } from './oauth-token.controller';

@Module({ controllers: [OAuthTokenController], providers: [ClientCredentialsService] })
export class ServiceClientsModule {}
