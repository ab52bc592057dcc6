import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { AccessTokenVerifier, developmentClientSecret, ServiceTokenClient } from '@retail/common';
import { errorCodes } from '@test/graphql-client';
import { ClientCredentialsService } from '../src/service-clients/client-credentials.service';
import { aRegisteredUser } from './support/accounts-factory';
import { ME } from './support/accounts-operations';
import { startAccountsTestApp, type AccountsTestApp } from './support/accounts-test-app';

describe(ClientCredentialsService.name, () => {
  let accounts: AccountsTestApp;
  let tokenUrl: string;

  const form = (params: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(params),
    });
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  const jwksVerifier = async () => {
    const jwks = (await (await fetch(`${accounts.baseUrl}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
    return new AccessTokenVerifier(accounts.config.tokens, createLocalJWKSet(jwks));
  };

  beforeAll(async () => {
    accounts = await startAccountsTestApp({ GATEWAY_CLIENT_SECRET: 'gateway-test-secret' });
    tokenUrl = `${accounts.baseUrl}/oauth/token`;
  });

  afterEach(async () => {
    await accounts.reset();
  });

  afterAll(async () => {
    await accounts.close();
  });

  it('issues a token for the asked audience with all the client scopes for a form-encoded request', async () => {
    const response = await form({
      grant_type: 'client_credentials',
      client_id: 'orders',
      client_secret: developmentClientSecret('orders'),
      audience: 'catalog',
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'catalog:read catalog:stock payments:write accounts:read',
    });
    const claims = decodeJwt(body.access_token as string);
    expect(claims).toEqual(
      expect.objectContaining({ sub: 'orders', token_use: 'service', iss: 'retail-accounts', aud: 'retail-catalog' }),
    );
    expect(claims.exp! - claims.iat!).toBe(300);
    await expect((await jwksVerifier()).verify(body.access_token as string)).rejects.toThrow('Invalid access token');
    await expect((await jwksVerifier()).verifyService(body.access_token as string, 'retail-catalog')).resolves.toEqual({
      kind: 'service',
      clientId: 'orders',
      scopes: ['catalog:read', 'catalog:stock', 'payments:write', 'accounts:read'],
    });
  });

  it('accepts JSON bodies, HTTP Basic client authentication, a subset of the scopes and RFC 8707 resource', async () => {
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic('orders', developmentClientSecret('orders')) },
      body: JSON.stringify({ grant_type: 'client_credentials', scope: 'catalog:read accounts:read', resource: 'retail-payments' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { scope: string; access_token: string };
    expect(body.scope).toBe('catalog:read accounts:read');
    expect(decodeJwt(body.access_token).aud).toBe('retail-payments');
  });

  it('gives the gateway tokens for every subgraph, without scopes of its own', async () => {
    for (const audience of ['accounts', 'catalog', 'orders', 'payments']) {
      const response = await form({ grant_type: 'client_credentials', client_id: 'gateway', client_secret: 'gateway-test-secret', audience });
      const body = (await response.json()) as { scope: string; access_token: string };
      expect({ status: response.status, scope: body.scope, aud: decodeJwt(body.access_token).aud }).toEqual({
        status: 200,
        scope: '',
        aud: `retail-${audience}`,
      });
    }
  });

  it('takes client secrets from config', async () => {
    const configured = await form({
      grant_type: 'client_credentials',
      client_id: 'gateway',
      client_secret: 'gateway-test-secret',
      audience: 'orders',
    });
    const development = await form({
      grant_type: 'client_credentials',
      client_id: 'gateway',
      client_secret: developmentClientSecret('gateway'),
      audience: 'orders',
    });
    expect([configured.status, development.status]).toEqual([200, 401]);
  });

  it('is what ServiceTokenClient of @retail/common talks to, one token per audience', async () => {
    const client = new ServiceTokenClient({
      tokenUrl,
      clientId: 'orders',
      clientSecret: developmentClientSecret('orders'),
    });
    const catalog = await client.token('catalog');
    const payments = await client.token('payments');
    expect(await client.token('catalog')).toBe(catalog);
    await expect((await jwksVerifier()).verifyService(catalog, 'retail-catalog')).resolves.toEqual(
      expect.objectContaining({ clientId: 'orders' }),
    );
    await expect((await jwksVerifier()).verifyService(payments, 'retail-payments')).resolves.toEqual(
      expect.objectContaining({ clientId: 'orders' }),
    );
    await expect((await jwksVerifier()).verifyService(catalog, 'retail-payments')).rejects.toThrow('Invalid access token');
  });

  it.each([
    ['a wrong secret', { grant_type: 'client_credentials', client_id: 'orders', client_secret: 'nope' }, {}, 401, 'invalid_client'],
    ['an unknown client', { grant_type: 'client_credentials', client_id: 'mallory', client_secret: 'x' }, {}, 401, 'invalid_client'],
    ['no client authentication', { grant_type: 'client_credentials' }, {}, 401, 'invalid_client'],
    ['a wrong Basic secret', { grant_type: 'client_credentials' }, { authorization: basic('orders', 'nope') }, 401, 'invalid_client'],
    ['no grant_type', { client_id: 'orders', client_secret: developmentClientSecret('orders') }, {}, 400, 'invalid_request'],
    [
      'two authentication methods',
      { grant_type: 'client_credentials', client_secret: developmentClientSecret('orders') },
      { authorization: basic('orders', developmentClientSecret('orders')) },
      400,
      'invalid_request',
    ],
    ['another grant', { grant_type: 'password', client_id: 'orders', client_secret: developmentClientSecret('orders') }, {}, 400, 'unsupported_grant_type'],
    [
      'a scope the client does not have',
      { grant_type: 'client_credentials', client_id: 'gateway', client_secret: 'gateway-test-secret', scope: 'accounts:read', audience: 'accounts' },
      {},
      400,
      'invalid_scope',
    ],
    ['no audience', { grant_type: 'client_credentials', client_id: 'orders', client_secret: developmentClientSecret('orders') }, {}, 400, 'invalid_target'],
    [
      'an audience the client may not call',
      { grant_type: 'client_credentials', client_id: 'orders', client_secret: developmentClientSecret('orders'), audience: 'orders' },
      {},
      400,
      'invalid_target',
    ],
    [
      'an unknown audience',
      { grant_type: 'client_credentials', client_id: 'orders', client_secret: developmentClientSecret('orders'), audience: 'retail-api' },
      {},
      400,
      'invalid_target',
    ],
    [
      'audience and resource that disagree',
      {
        grant_type: 'client_credentials',
        client_id: 'orders',
        client_secret: developmentClientSecret('orders'),
        audience: 'catalog',
        resource: 'payments',
      },
      {},
      400,
      'invalid_request',
    ],
  ])('refuses %s', async (_case, params, headers, status, error) => {
    const response = await form(params as Record<string, string>, headers as Record<string, string>);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error, error_description: expect.any(String) });
    if (status === 401) expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
  });

  describe('the JWKS endpoint', () => {
    it('publishes the signing key, whose kid signs user tokens', async () => {
      const response = await fetch(`${accounts.baseUrl}/.well-known/jwks.json`);
      expect(response.status).toBe(200);
      const jwks = (await response.json()) as { keys: Array<Record<string, string>> };
      expect(jwks.keys).toEqual([
        { kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), kid: expect.any(String), alg: 'ES256', use: 'sig' },
      ]);

      const user = await aRegisteredUser(accounts);
      expect(decodeProtectedHeader(user.accessToken).kid).toBe(jwks.keys[0]!.kid);
      await expect((await jwksVerifier()).verify(user.accessToken)).resolves.toEqual({
        kind: 'user',
        userId: user.id,
        role: 'CUSTOMER',
      });
    });
  });

  it('does not take a service token for a signed-in user', async () => {
    const { access_token: token } = (await (
      await form({
        grant_type: 'client_credentials',
        client_id: 'orders',
        client_secret: developmentClientSecret('orders'),
        audience: 'accounts',
      })
    ).json()) as { access_token: string };
    expect(errorCodes(await accounts.send(ME, {}, token))).toEqual(['UNAUTHENTICATED']);
  });
});
