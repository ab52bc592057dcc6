import { Logger } from '@nestjs/common';
import WebSocket from 'ws';
import { loadGatewayConfig } from '../src/config';
import { postJson, send, startEdgeTestBackend, startTestGateway, type EdgeTestBackend, type TestGateway } from './support/edge-test-gateway';

const SHOP = 'http://localhost:5173';
const FOREIGN = 'https://evil.example';

const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type, apollo-require-preflight',
    },
  });

describe('HTTP edge: CORS and security headers', () => {
  let backend: EdgeTestBackend;
  let development: TestGateway;
  let production: TestGateway;

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    backend = await startEdgeTestBackend();
    development = await startTestGateway(backend, { PERSISTED_QUERIES_MODE: 'off' });
    production = await startTestGateway(backend, {
      NODE_ENV: 'production',
      PERSISTED_QUERIES_MODE: 'off',
      GATEWAY_CLIENT_SECRET: 'a-production-secret-of-enough-length-0123456789',
      CORS_ORIGINS: 'https://shop.example.com',
    });
  });

  afterAll(async () => {
    await development?.close();
    await production?.close();
    await backend?.close();
    jest.restoreAllMocks();
  });

  it('answers the preflight of a local dev server before CSRF prevention, allowing the token and Apollo headers', async () => {
    const response = await preflight(development.url, SHOP);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
    const allowed = response.headers.get('access-control-allow-headers')?.split(',') ?? [];
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'apollo-require-preflight', 'x-apollo-operation-name']));
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets an allowed origin read the answer of its query', async () => {
    const result = await postJson(development.url, { query: '{ hello }' }, { origin: SHOP });
    expect(result.body).toEqual({ data: { hello: 'world' } });
    expect(result.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(result.headers.get('access-control-expose-headers')).toContain('x-request-id');
    expect(result.headers.get('vary')).toMatch(/origin/i);
  });

  it("gives a foreign origin no CORS header, on its preflight or its request", async () => {
    const refused = await preflight(development.url, FOREIGN);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.headers.get('access-control-allow-headers')).toBeNull();
    const result = await postJson(development.url, { query: '{ hello }' }, { origin: FOREIGN });
    expect(result.headers.get('access-control-allow-origin')).toBeNull();
    expect(result.headers.get('vary')).toMatch(/origin/i);
  });

  it('lets pages of allowed origins (and of the gateway itself) open a WebSocket, and refuses others', async () => {
    const openFrom = (origin: string) =>
      new Promise<number | 'open'>((resolve) => {
        const socket = new WebSocket(development.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { origin });
        socket.on('open', () => {
          socket.close();
          resolve('open');
        });
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.on('error', () => undefined);
      });
    expect(await openFrom(SHOP)).toBe('open');
    expect(await openFrom(new URL(development.url).origin)).toBe('open');
    expect(await openFrom(FOREIGN)).toBe(403);
  });

  it('allows only the configured origins in production', async () => {
    expect((await preflight(production.url, 'https://shop.example.com')).headers.get('access-control-allow-origin')).toBe(
      'https://shop.example.com',
    );
    expect((await preflight(production.url, SHOP)).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends security headers suited to an API and no X-Powered-By', async () => {
    const result = await postJson(development.url, { query: '{ hello }' });
    expect(result.headers.get('x-powered-by')).toBeNull();
    expect(result.headers.get('x-content-type-options')).toBe('nosniff');
    expect(result.headers.get('strict-transport-security')).toContain('max-age=');
    expect(result.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(result.headers.get('content-security-policy')).toContain("default-src 'self'");
    const page = await send(development.url, { headers: { accept: 'text/html' } });
    expect(page.headers.get('x-powered-by')).toBeNull();
  });
});

describe('CORS_ORIGINS', () => {
  it('defaults to local dev servers and Apollo Studio in development, and to none in production', () => {
    const development = loadGatewayConfig({}).cors.allowedOrigins;
    expect(development).toEqual(expect.arrayContaining(['http://localhost:5173', 'http://127.0.0.1:5173', 'https://studio.apollographql.com']));
    const production = loadGatewayConfig({ NODE_ENV: 'production', GATEWAY_CLIENT_SECRET: 'a-production-secret-of-enough-length-0123456789' });
    expect(production.cors.allowedOrigins).toEqual([]);
  });

  it('refuses entries that are not origins', () => {
    expect(() => loadGatewayConfig({ CORS_ORIGINS: 'https://shop.example.com/path, *' })).toThrow(/CORS_ORIGINS must list origins/);
    expect(loadGatewayConfig({ CORS_ORIGINS: 'none' }).cors.allowedOrigins).toEqual([]);
  });
});
