import { Logger, Module, type DynamicModule, type INestApplication, type NestApplicationOptions } from '@nestjs/common';
import type { ApolloFederationDriverConfig } from '@nestjs/apollo';
import { Context, Directive, Field, ID, ObjectType, Query, Resolver, ResolveReference } from '@nestjs/graphql';
import { GraphQLModule } from '@nestjs/graphql';
import {
  AccessTokenVerifier,
  createServiceApp,
  subgraphGraphQLOptions,
  type AccessTokenVerifierOptions,
  type RequestContext,
} from '../../src';

@ObjectType()
@Directive('@key(fields: "id")')
export class Echo {
  @Field(() => ID)
  id!: string;

  /** Who the subgraph saw: `<caller client>/<principal>`, e.g. `gateway/user:<id>` or `orders/service:orders`. */
  @Field()
  seenAs!: string;
}

function seenAs(context: RequestContext): string {
  const principal = context.principal;
  const who = !principal ? 'anonymous' : principal.kind === 'user' ? `user:${principal.userId}` : `service:${principal.clientId}`;
  return `${context.caller?.clientId ?? 'none'}/${who}`;
}

@Resolver(() => Echo)
class EchoResolver {
  @Query(() => Echo)
  echo(@Context() context: RequestContext): Echo {
    return { id: 'echo', seenAs: seenAs(context) };
  }

  @ResolveReference()
  resolveReference(reference: { id: string }, context: RequestContext): Echo {
    return { id: reference.id, seenAs: seenAs(context) };
  }
}

@Module({})
class EchoModule {
  static forRoot(tokens: AccessTokenVerifierOptions): DynamicModule {
    return {
      module: EchoModule,
      imports: [
        GraphQLModule.forRoot<ApolloFederationDriverConfig>(
          subgraphGraphQLOptions({ verifier: new AccessTokenVerifier(tokens), permissions: {} }),
        ),
      ],
      providers: [EchoResolver],
    };
  }
}

/**
 * The smallest subgraph built with the shared options (`subgraphGraphQLOptions`, `createServiceApp`): one entity
 * that tells who the subgraph took the caller and the principal to be. Listens on a loopback port.
 */
export async function startEchoSubgraph(
  tokens: AccessTokenVerifierOptions,
  options: NestApplicationOptions = {},
): Promise<{ app: INestApplication; baseUrl: string }> {
  Logger.overrideLogger(['error']);
  const app = await createServiceApp(EchoModule.forRoot(tokens), { logger: ['error'], ...options });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, baseUrl };
}
