import type { INestApplication } from '@nestjs/common';
import { generateKeyPair } from 'jose';
import { errorCodes, gql } from '@test/graphql-client';
import { startTestTokenIssuer, type TestTokenIssuer } from '@test/tokens';
import {
  AccessTokenVerifier,
  applyOutboundTls,
  createContextFactory,
  ServiceTokenClient,
  SubgraphClient,
  TOKEN_ALGORITHM,
} from '../src';
import { startEchoSubgraph } from './support/echo-subgraph';
import { createTestCertificates, type TestCertificates } from './support/test-certificates';

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Echo { id seenAs } } }`;
const REPRESENTATIONS = { r: [{ __typename: 'Echo', id: 'e1' }] };

describe(createContextFactory.name, () => {
  let issuer: TestTokenIssuer;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    issuer = await startTestTokenIssuer({ subgraph: 'catalog' });
    const echo = await startEchoSubgraph(issuer.verification);
    app = echo.app;
    url = `${echo.baseUrl}/graphql`;
  });

  afterAll(async () => {
    await app?.close();
    await issuer?.close();
  });

  describe('refuses, with UNAUTHENTICATED and HTTP 401, a direct call', () => {
    const refusals: [string, () => Promise<{ token?: string; userToken?: string }>][] = [
      ['without any token', async () => ({})],
      ['with only a user token', async () => ({ token: await issuer.userToken({ role: 'ADMIN' }) })],
      ['with only a user token in X-User-Authorization', async () => ({ userToken: await issuer.userToken({}) })],
      [
        'with a service token for another subgraph',
        async () => ({ token: await issuer.serviceToken('orders', ['catalog:read'], { audience: 'payments' }) }),
      ],
      ['with an expired service token', async () => ({ token: await issuer.serviceToken('orders', [], { expiresInSeconds: -60 }) })],
      [
        'with a forged service token',
        async () => ({ token: await issuer.serviceToken('orders', [], { signWith: (await generateKeyPair(TOKEN_ALGORITHM)).privateKey }) }),
      ],
      ['with a malformed Authorization header', async () => ({ token: 'not-a-jwt' })],
    ];

    it.each(refusals)('%s, for queries, _entities, _service and { __typename }', async (_case, credentials) => {
      for (const [query, variables] of [
        ['{ echo { seenAs } }', {}],
        [ENTITIES, REPRESENTATIONS],
        ['{ _service { sdl } }', {}],
        ['{ __typename }', {}],
      ] as const) {
        const response = await gql(url, query, variables, await credentials());
        expect({ query, status: response.status, codes: errorCodes(response), data: response.data }).toEqual({
          query,
          status: 401,
          codes: ['UNAUTHENTICATED'],
          data: undefined,
        });
      }
    });

    it('over GET as well', async () => {
      const response = await fetch(`${url}?query=${encodeURIComponent('{ __typename }')}`, {
        headers: { 'apollo-require-preflight': 'true' },
      });
      expect(response.status).toBe(401);
    });
  });

  it('serves a service token for its own audience, and then only that', async () => {
    const gateway = await issuer.asGateway();
    expect(await gql(url, '{ __typename }', {}, gateway)).toEqual({ status: 200, data: { __typename: 'Query' } });
    const sdl = await gql<{ _service: { sdl: string } }>(url, '{ _service { sdl } }', {}, gateway);
    expect(sdl.data?._service.sdl).toContain('type Echo');
  });

  it('takes the end user from X-User-Authorization and the caller from Authorization', async () => {
    const user = await issuer.userToken({ userId: 'u-1', role: 'CUSTOMER' });
    const response = await gql(url, ENTITIES, REPRESENTATIONS, await issuer.asGateway(user));
    expect(response.data).toEqual({ _entities: [{ id: 'e1', seenAs: 'gateway/user:u-1' }] });
  });

  it('treats a gateway call without a user as anonymous, never as the gateway', async () => {
    const response = await gql(url, '{ echo { seenAs } }', {}, await issuer.asGateway());
    expect(response.data).toEqual({ echo: { seenAs: 'gateway/anonymous' } });
  });

  it('lets a service with scopes act as itself (the saga workers)', async () => {
    const orders = await issuer.serviceToken('orders', ['catalog:stock']);
    expect((await gql(url, '{ echo { seenAs } }', {}, { token: orders })).data).toEqual({ echo: { seenAs: 'orders/service:orders' } });
  });

  it('does not take a service token, or a bad one, as the end user', async () => {
    const service = await issuer.serviceToken('orders', ['catalog:stock']);
    const gateway = (await issuer.asGateway()).token;
    for (const userToken of [service, 'garbage']) {
      const response = await gql(url, '{ echo { seenAs } }', {}, { token: gateway, userToken });
      expect(response.data).toEqual({ echo: { seenAs: 'gateway/anonymous' } });
    }
  });

  it('answers GET /health without credentials', async () => {
    const response = await fetch(url.replace(/\/graphql$/, '/health'));
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('refuses to build a context factory for a subgraph without a service audience', () => {
    const { serviceAudience: _audience, ...withoutAudience } = issuer.verification;
    expect(() => createContextFactory(new AccessTokenVerifier(withoutAudience))).toThrow('serviceAudience');
  });
});

describe(SubgraphClient.name, () => {
  let issuer: TestTokenIssuer;
  let certificates: TestCertificates;
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    certificates = await createTestCertificates();
    issuer = await startTestTokenIssuer({ subgraph: 'catalog' });
    const echo = await startEchoSubgraph(issuer.verification, {
      httpsOptions: { cert: certificates.cert, key: certificates.key },
    });
    app = echo.app;
    baseUrl = echo.baseUrl;
  });

  afterAll(async () => {
    await app?.close();
    await issuer?.close();
    await certificates?.remove();
  });

  it('calls a subgraph over https, trusting the CA of TLS_CA_FILE, with a token for that subgraph', async () => {
    expect(baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const requested: string[] = [];
    const tokens = new ServiceTokenClient(
      { tokenUrl: 'http://accounts.invalid/oauth/token', clientId: 'orders', clientSecret: 'unused' },
      async (_url, init) => {
        const audience = new URLSearchParams(String(init?.body)).get('audience') as 'catalog';
        requested.push(audience);
        const token = await issuer.serviceToken('orders', ['catalog:stock'], { audience });
        return new Response(JSON.stringify({ access_token: token, expires_in: 300 }));
      },
    );
    const client = new SubgraphClient(baseUrl, 'catalog', tokens);

    await expect(client.request('{ echo { seenAs } }')).rejects.toThrow('unreachable');
    await applyOutboundTls({ ca: certificates.ca });

    await expect(client.request('{ echo { seenAs } }')).resolves.toEqual({ echo: { seenAs: 'orders/service:orders' } });
    expect(requested).toEqual(['catalog']);
  });
});

