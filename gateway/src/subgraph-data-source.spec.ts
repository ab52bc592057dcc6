import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { PooledHttpClient, type ServiceTokenClient, type SubgraphName } from '@retail/common';
import type { GatewayContext } from './gateway-context';
import { SubgraphDataSource } from './subgraph-data-source';

/** A token client that names the audience in the token, so tests can see which one was used. */
const tokens = { token: async (audience: SubgraphName) => `token-for-${audience}` } as unknown as ServiceTokenClient;

async function headersSentWith(context: GatewayContext | Record<string, never>): Promise<Record<string, string>> {
  const source = new SubgraphDataSource({ subgraph: 'orders', url: 'http://orders.invalid/graphql', serviceTokens: tokens, http });
  const headers = new Headers();
  const options = { request: { http: { headers, method: 'POST', url: '' } }, context } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;
  await source.willSendRequest(options);
  return Object.fromEntries(headers.entries());
}

const http = new PooledHttpClient();
afterAll(() => http.close());

describe(SubgraphDataSource.name, () => {
  it("sends the gateway's token for the subgraph, the user's token, the request id and the client IP", async () => {
    const headers = await headersSentWith({
      requestId: 'req-1',
      authorization: 'Bearer user-jwt',
      clientIp: '203.0.113.9',
      principal: { kind: 'user', userId: 'u', role: 'CUSTOMER' },
    });
    expect(headers).toEqual({
      authorization: 'Bearer token-for-orders',
      'x-user-authorization': 'Bearer user-jwt',
      'x-request-id': 'req-1',
      'x-forwarded-for': '203.0.113.9',
    });
  });

  it('sends no user token for an anonymous client', async () => {
    const headers = await headersSentWith({ requestId: 'req-2', clientIp: '203.0.113.9' });
    expect(headers).not.toHaveProperty('x-user-authorization');
    expect(headers.authorization).toBe('Bearer token-for-orders');
  });

  it('authenticates requests without a client context too', async () => {
    expect(await headersSentWith({})).toEqual({ authorization: 'Bearer token-for-orders' });
  });
});
