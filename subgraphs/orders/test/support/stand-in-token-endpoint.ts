import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { developmentClientSecret, type SubgraphName } from '@retail/common';
import type { TestTokenIssuer } from '@test/tokens';

/** The scopes accounts grants the `orders` service client, and the subgraphs it may call. */
export const ORDERS_CLIENT_SCOPES = ['catalog:read', 'catalog:stock', 'payments:write'];
const ORDERS_CLIENT_AUDIENCES: readonly SubgraphName[] = ['catalog', 'payments', 'accounts'];

/**
 * The accounts service's OAuth2 client-credentials endpoint (`POST /oauth/token`), minting tokens with the
 * test issuer for the asked audience. Serve it as ACCOUNTS_URL; it accepts the development secret of `orders`
 * only.
 */
export class StandInTokenEndpoint {
  private server?: Server;
  issued = 0;
  url = '';

  constructor(private readonly issuer: TestTokenIssuer) {}

  async start(): Promise<this> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      res.setHeader('content-type', 'application/json');
      const valid =
        req.url === '/oauth/token' &&
        form.get('grant_type') === 'client_credentials' &&
        form.get('client_id') === 'orders' &&
        form.get('client_secret') === developmentClientSecret('orders');
      if (!valid) {
        res.statusCode = 401;
        res.end(JSON.stringify({ error: 'invalid_client' }));
        return;
      }
      const audience = ORDERS_CLIENT_AUDIENCES.find((name) => name === form.get('audience'));
      if (!audience) {
        res.statusCode = 400;
        res.end(JSON.stringify({ error: 'invalid_target' }));
        return;
      }
      this.issued += 1;
      const token = await this.issuer.serviceToken('orders', ORDERS_CLIENT_SCOPES, { audience });
      res.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 300 }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
