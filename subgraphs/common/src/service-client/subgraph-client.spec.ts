import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SubgraphClient, SubgraphRequestError } from './subgraph-client';
import { TransientServiceError, type ServiceTokenClient } from './service-token-client';

describe('SubgraphClient', () => {
  let server: Server;
  let answer: { status: number; body: unknown };
  let client: SubgraphClient;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const tokens = { token: async () => 'service-token', invalidate: () => undefined } as unknown as ServiceTokenClient;
    client = new SubgraphClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'catalog', tokens);
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const errorWith = (code: string) => ({ status: 200, body: { errors: [{ message: code, extensions: { code } }] } });

  it('returns the data of a successful answer', async () => {
    answer = { status: 200, body: { data: { product: { id: 'p1' } } } };
    await expect(client.request('{ product { id } }')).resolves.toEqual({ product: { id: 'p1' } });
  });

  it.each(['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE'])('treats %s as transient, for the caller to retry', async (code) => {
    answer = errorWith(code);
    await expect(client.request('{ product { id } }')).rejects.toBeInstanceOf(TransientServiceError);
  });

  it('passes a client error on as it is', async () => {
    answer = errorWith('BAD_USER_INPUT');
    await expect(client.request('{ product { id } }')).rejects.toBeInstanceOf(SubgraphRequestError);
  });
});
