import type { GraphQLFormattedError } from 'graphql';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: GraphQLFormattedError[];
}

export interface GqlOptions {
  /** Sent as `Authorization: Bearer`: a client's token to the gateway, the calling service's to a subgraph. */
  token?: string;
  /** The end user's token on a call to a subgraph, sent as `X-User-Authorization: Bearer`. */
  userToken?: string;
  headers?: Record<string, string>;
}

/** Posts one GraphQL operation to `url` (a subgraph's or the gateway's /graphql) as a client would. */
export async function gql<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  { token, userToken, headers = {} }: GqlOptions = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(userToken ? { 'x-user-authorization': `Bearer ${userToken}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: GraphQLFormattedError[] };
  return { status: response.status, ...body };
}

/** The `extensions.code` of each error, for assertions. */
export function errorCodes(response: GraphQLResponse): unknown[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}
