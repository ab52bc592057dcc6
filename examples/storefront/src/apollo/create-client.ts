import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode, type DocumentNode } from 'graphql';
import { createClient as createWsClient } from 'graphql-ws';
import type { GatewayEndpoints } from '../config';
import { RefreshSessionDocument } from '../graphql/operations';
import { registeredDocument, registeredOperation } from '../graphql/persisted-operations';
import { SessionExpiredError, SessionManager, type RefreshTokenStore } from '../session/session-manager';
import { isRefusedSession } from './error-message';

const REFRESH_TOKEN_KEY = 'retail-storefront.refresh-token';
const SESSION_LOCK = 'retail-storefront.session';

export interface ShopClient {
  apollo: ApolloClient;
  session: SessionManager;
}

/**
 * The storefront's Apollo Client and the session it authenticates with.
 *
 * - Every operation is replaced by its registered text from the manifest (Apollo Client's own copy would carry
 *   added `__typename` fields, which the manifest does not list).
 * - Queries and mutations go over HTTP as persisted queries: the manifest id alone. A gateway that does not
 *   consult its manifest (PERSISTED_QUERIES_MODE=off) answers PERSISTED_QUERY_NOT_FOUND, and the link sends the
 *   registered text once with the id, which the gateway keeps as an automatic persisted query.
 * - Subscriptions go over WebSocket (graphql-ws) as the registered text (the protocol requires a query), with
 *   the access token in `connection_init`.
 * - The gateway answers with the registered operations, which select no `__typename`; the cache therefore keeps
 *   each result under its query instead of normalizing entities, and pages refetch what a mutation changes.
 */
export function createShopClient(endpoints: GatewayEndpoints): ShopClient {
  // Declared first: the session renews through this client, and the client authenticates through the session.
  let apollo: ApolloClient;
  const session = new SessionManager({
    store: browserRefreshTokenStore(),
    exclusively: <T>(task: () => Promise<T>): Promise<T> =>
      navigator.locks ? (navigator.locks.request(SESSION_LOCK, task) as Promise<T>) : task(),
    renew: async (refreshToken) => {
      try {
        const { data } = await apollo.mutate({ mutation: RefreshSessionDocument, variables: { refreshToken }, fetchPolicy: 'no-cache' });
        if (!data) throw new SessionExpiredError();
        return data.refreshSession;
      } catch (error) {
        throw isRefusedSession(error) ? new SessionExpiredError() : error;
      }
    },
  });

  const bearer = async (): Promise<string | null> => {
    const token = await session.currentAccessToken().catch(() => null);
    return token ? `Bearer ${token}` : null;
  };

  // The session's own operations carry no access token (and must not wait for a renewal: it is one of them).
  const withoutToken = new Set(['Login', 'Register', 'RefreshSession', 'Logout']);
  const authorization = new SetContextLink(async (context, operation) => {
    if (withoutToken.has(operation.operationName ?? '')) return {};
    // Without a valid session the request goes anonymous: the catalog still answers, Me says UNAUTHENTICATED.
    const value = await bearer();
    return value ? { headers: { ...context.headers, authorization: value } } : {};
  });

  const registeredText = new ApolloLink((operation, forward) => {
    operation.query = registeredDocument(operation.operationName);
    return forward(operation);
  });
  const persisted = new PersistedQueryLink({
    generateHash: (document) => registeredOperation(operationNameOf(document)).id,
  });

  const websocket = new GraphQLWsLink(
    createWsClient({
      url: endpoints.wsUrl,
      lazy: true,
      connectionParams: async () => {
        const value = await bearer();
        return value ? { Authorization: value } : {};
      },
    }),
  );

  const link = ApolloLink.from([
    registeredText,
    ApolloLink.split(
      ({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION,
      websocket,
      ApolloLink.from([authorization, persisted, new HttpLink({ uri: endpoints.httpUrl })]),
    ),
  ]);

  apollo = new ApolloClient({ link, cache: new InMemoryCache() });
  return { apollo, session };
}

function operationNameOf(document: DocumentNode): string | undefined {
  for (const definition of document.definitions) {
    if (definition.kind === 'OperationDefinition') return definition.name?.value;
  }
  return undefined;
}

function browserRefreshTokenStore(): RefreshTokenStore {
  return {
    read: () => localStorage.getItem(REFRESH_TOKEN_KEY),
    write: (refreshToken) =>
      refreshToken === null ? localStorage.removeItem(REFRESH_TOKEN_KEY) : localStorage.setItem(REFRESH_TOKEN_KEY, refreshToken),
  };
}
