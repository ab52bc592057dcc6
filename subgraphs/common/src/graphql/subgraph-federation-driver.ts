import { buildSubgraphSchema } from '@apollo/subgraph';
import { Injectable } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import { GraphQLFederationFactory } from '@nestjs/graphql';
import { Kind, type DocumentNode, type GraphQLSchema } from 'graphql';

/**
 * The root types' descriptions. Every subgraph has a Query and a Mutation type, and composition hints when
 * subgraphs describe one type differently, so all of them take theirs from here.
 */
export const ROOT_TYPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  Query:
    'Reads. Money amounts are integers in minor units of an ISO 4217 currency; lists are paged with cursors ' +
    '(`first`, `after`). A field that needs a signed-in caller says so: UNAUTHENTICATED without a valid access ' +
    'token, FORBIDDEN without the role. The others are public.',
  Mutation:
    'Writes. Send the access token as "Authorization: Bearer <accessToken>". Bad input is refused with ' +
    'BAD_USER_INPUT and changes nothing; admin-only mutations answer FORBIDDEN to customers.',
  Subscription: 'Live updates, over WebSocket (graphql-ws) or Server-Sent Events (graphql-sse) on /graphql.',
};

/**
 * Apollo's federation driver, with descriptions on the root types. NestJS's code-first schema has no way to
 * describe Query or Mutation, and the SDL a subgraph publishes (`_service { sdl }`, what composition reads)
 * is fixed when the subgraph schema is built, so they are added to the type definitions it is built from.
 */
@Injectable()
export class SubgraphFederationDriver extends ApolloFederationDriver {
  constructor(
    private readonly federationFactory: GraphQLFederationFactory,
    modulesContainer: ModulesContainer,
  ) {
    super(federationFactory, modulesContainer);
  }

  override generateSchema(options: ApolloFederationDriverConfig): Promise<GraphQLSchema> {
    return this.federationFactory.generateSchema(options, ({ typeDefs, resolvers }) =>
      buildSubgraphSchema({ typeDefs: withRootTypeDescriptions(typeDefs), resolvers }),
    );
  }
}

export function withRootTypeDescriptions(typeDefs: DocumentNode): DocumentNode {
  return {
    ...typeDefs,
    definitions: typeDefs.definitions.map((definition) => {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION || definition.description) return definition;
      const description = ROOT_TYPE_DESCRIPTIONS[definition.name.value];
      return description ? { ...definition, description: { kind: Kind.STRING, value: description, block: true } } : definition;
    }),
  };
}
