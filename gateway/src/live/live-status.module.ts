import { Inject, Injectable, Module, type DynamicModule, type INestApplication, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { ApolloGatewayDriver } from '@nestjs/apollo';
import type { ApolloServer } from '@apollo/server';
import { AccessTokenVerifier } from '@retail/common';
import type { GatewayConfig } from '../config';
import type { GatewayContext } from '../gateway-context';
import { gatewayOperationRunner } from './gateway-operation-runner';
import { attachGraphqlWs } from './graphql-ws-transport';
import { graphqlSseMiddleware } from './graphql-sse-transport';
import { LiveOperations } from './live-operations';
import { OrderStatusFeed } from './order-status-feed';

const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
const GRAPHQL_PATH = '/graphql';

/**
 * Live order status on the gateway: the order-status stream reader, and the WebSocket and Server-Sent Events
 * transports on `/graphql`, running operations through the gateway's Apollo Server. Started with the app,
 * stopped (every stream completed, every socket closed) before the HTTP server closes.
 */
@Injectable()
export class LiveStatusService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly feed: OrderStatusFeed;
  private readonly verifier: AccessTokenVerifier;
  readonly operations: LiveOperations;
  private webSockets?: { close(): Promise<void> };

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly moduleRef: ModuleRef,
  ) {
    this.feed = new OrderStatusFeed(config.live);
    this.verifier = new AccessTokenVerifier(config.tokens);
    this.operations = new LiveOperations(this.feed, gatewayOperationRunner(() => this.apolloServer(), this.verifier));
  }

  /** Mounts the transports; call before the app initialises, so the SSE route comes before Apollo's. */
  install(app: INestApplication): void {
    app.use(GRAPHQL_PATH, graphqlSseMiddleware(this.operations));
    this.webSockets = attachGraphqlWs(app.getHttpServer(), this.operations, this.verifier, {
      path: GRAPHQL_PATH,
      allowedOrigins: this.config.cors.allowedOrigins,
    });
  }

  onApplicationBootstrap(): void {
    this.feed.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.operations.closeAll();
    await this.webSockets?.close();
    await this.feed.stop();
  }

  private apolloServer(): ApolloServer<GatewayContext> {
    const graphql = this.moduleRef.get<GraphQLModule<ApolloGatewayDriver>>(GraphQLModule, { strict: false });
    return graphql.graphQlAdapter.instance as unknown as ApolloServer<GatewayContext>;
  }
}

@Module({})
export class LiveStatusModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: LiveStatusModule,
      providers: [{ provide: GATEWAY_CONFIG, useValue: config }, LiveStatusService],
      exports: [LiveStatusService],
    };
  }
}
