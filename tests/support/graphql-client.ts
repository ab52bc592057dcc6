import type { GraphQLFormattedError } from 'graphql';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: GraphQLFormattedError[];
}

/** Posts one GraphQL operation to `url` (a subgraph's or the gateway's /graphql) as a client would. */
export async function gql<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  { token, headers = {} }: { token?: string; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
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
