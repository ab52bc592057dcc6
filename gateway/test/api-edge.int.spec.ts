import { Logger } from '@nestjs/common';
import {
  codes,
  postJson,
  send,
  startEdgeTestBackend,
  startTestGateway,
  type EdgeTestBackend,
  type TestGateway,
} from './support/edge-test-gateway';

/** A query `levels` fields deep: category, then parents, then id. */
const nested = (levels: number) => `{ category(id: 1) { ${'parent { '.repeat(levels - 2)}id${' }'.repeat(levels - 2)} } }`;

describe('API edge', () => {
  let backend: EdgeTestBackend;
  let development: TestGateway;
  let production: TestGateway;
  let loggedErrors: jest.SpyInstance;

  beforeAll(async () => {
    loggedErrors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    backend = await startEdgeTestBackend();
    development = await startTestGateway(backend, { PERSISTED_QUERIES_MODE: 'off' });
    production = await startTestGateway(backend, { NODE_ENV: 'production', PERSISTED_QUERIES_MODE: 'off' });
  });

  afterAll(async () => {
    await development?.close();
    await production?.close();
    await backend?.close();
    jest.restoreAllMocks();
  });

  beforeEach(() => loggedErrors.mockClear());

  it('answers an ordinary query through the gateway', async () => {
    const result = await postJson(development.url, { query: '{ hello categories { id } }' });
    expect(result.body).toEqual({ data: { hello: 'world', categories: [{ id: '1' }, { id: '2' }] } });
  });

  describe('operation limits', () => {
    it('refuses operations nested deeper than 12 levels', async () => {
      expect((await postJson(development.url, { query: nested(12) })).body.errors).toBeUndefined();
      const result = await postJson(development.url, { query: nested(13) });
      expect(result.status).toBe(400);
      expect(codes(result)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(result.body.errors?.[0].message).toContain('the maximum depth is 12');
    });

    it('refuses more than 30 aliases', async () => {
      const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: hello`).join(' ')} }`;
      expect((await postJson(development.url, { query: aliases(30) })).body.errors).toBeUndefined();
      const result = await postJson(development.url, { query: aliases(31) });
      expect(codes(result)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(result.body.errors?.[0].message).toContain('uses 31 aliases; the maximum is 30');
    });

    it('refuses operations whose estimated cost exceeds 5000, sizing lists by the subgraph`s @listSize', async () => {
      // categories: @listSize(assumedSize: 100); children: unsized, so the default list size (10).
      const result = await postJson(development.url, { query: '{ categories { children { children { id } } } }' });
      expect(codes(result)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(result.body.errors?.[0].message).toContain('estimated cost of 11100; the maximum cost is 5000');
    });

    it('answers three levels of unsized lists, and refuses a fourth', async () => {
      const levels = (n: number) => `{ category(id: 1) { ${'children { '.repeat(n)}id${' }'.repeat(n)} } }`;
      const three = await postJson(development.url, { query: levels(3) });
      expect(three.body.errors).toBeUndefined();
      expect(three.body.data).toEqual({ category: { children: [{ children: [{ children: [{ id: '1.1.1.1' }] }] }] } });
      const four = await postJson(development.url, { query: levels(4) });
      expect(codes(four)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(four.body.errors?.[0].message).toContain('estimated cost of 11111; the maximum cost is 5000');
    });

    it('reports the estimated cost in extensions.cost when the request asks with extensions.cost', async () => {
      const query = 'query Page($first: Int) { products(first: $first) { edges { node { id } } } }';
      const asked = await postJson(development.url, { query, variables: { first: 3 }, extensions: { cost: true } });
      expect(asked.body.errors).toBeUndefined();
      expect((asked.body as { extensions?: unknown }).extensions).toEqual({ cost: { estimated: 1 + 3 * 2, max: 5000 } });
      const refused = await postJson(development.url, { query, variables: { first: 5000 }, extensions: { cost: true } });
      expect(codes(refused)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect((refused.body as { extensions?: unknown }).extensions).toEqual({ cost: { estimated: 1 + 5000 * 2, max: 5000 } });
      const notAsked = await postJson(development.url, { query, variables: { first: 3 } });
      expect((notAsked.body as { extensions?: unknown }).extensions).toBeUndefined();
    });

    it('counts page sizes given in variables', async () => {
      const query = 'query Page($first: Int) { products(first: $first) { edges { node { id name } } } }';
      expect((await postJson(development.url, { query, variables: { first: 3 } })).body.errors).toBeUndefined();
      const result = await postJson(development.url, { query, variables: { first: 100_000 } });
      expect(result.status).toBe(400);
      expect(codes(result)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(result.body.errors?.[0].message).toContain('the maximum cost is 5000');
    });

    it('stops parsing documents of more than 2000 tokens', async () => {
      const result = await postJson(development.url, { query: `{ ${'hello '.repeat(2000)}}` });
      expect(result.status).toBe(400);
      expect(codes(result)).toEqual(['GRAPHQL_PARSE_FAILED']);
      expect(result.body.errors?.[0].message).toContain('2000 tokens');
    });
  });

  describe('HTTP hardening', () => {
    it('refuses batched requests', async () => {
      const result = await postJson(development.url, [{ query: '{ hello }' }, { query: '{ hello }' }]);
      expect(result.status).toBe(400);
      expect(result.body.errors?.[0].message).toContain('batching');
    });

    it('refuses a GET without a preflight header, which a cross-site page could send', async () => {
      const url = `${development.url}?query=${encodeURIComponent('{ hello }')}`;
      const forged = await send(url, { method: 'GET' });
      expect(forged.status).toBe(400);
      expect(forged.body.errors?.[0].message).toContain('CSRF');
      const allowed = await send(url, { method: 'GET', headers: { 'apollo-require-preflight': 'true' } });
      expect(allowed.body).toEqual({ data: { hello: 'world' } });
    });

    it('refuses a simple-content-type POST (form or text/plain)', async () => {
      const result = await send(development.url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ query: '{ hello }' }),
      });
      expect(result.status).toBe(400);
      expect(result.body.errors?.[0].message).toContain('CSRF');
    });
  });

  describe('errors', () => {
    it('masks internal errors, and gives the request id in the error and the response header', async () => {
      const result = await postJson(development.url, { query: '{ failing }' });
      const [error] = result.body.errors ?? [];
      expect(error.message).toBe('Internal server error');
      expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: result.headers.get('x-request-id') });
      expect(JSON.stringify(result.body)).not.toMatch(/insert into|users_email_key|stacktrace|serviceName/i);
      const logged = loggedErrors.mock.calls.map((call) => call.join(' ')).join('\n');
      expect(logged).toContain(String(error.extensions?.requestId));
      expect(logged).toContain('duplicate key value violates unique constraint');
    });

    it('keeps a sane request id chosen by the caller and replaces one that is not', async () => {
      const kept = await postJson(development.url, { query: '{ nope }' }, { 'x-request-id': 'client-123' });
      expect(kept.headers.get('x-request-id')).toBe('client-123');
      expect(kept.body.errors?.[0].extensions?.requestId).toBe('client-123');
      const replaced = await postJson(development.url, { query: '{ hello }' }, { 'x-request-id': 'bad id\twith\ttabs' });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('carries the request id on errors raised before any operation runs', async () => {
      const result = await postJson(development.url, [{ query: '{ hello }' }]);
      expect(result.body.errors?.[0].extensions?.requestId).toBe(result.headers.get('x-request-id'));
    });

    it('suggests field names in development only', async () => {
      const dev = await postJson(development.url, { query: '{ helo }' });
      expect(dev.body.errors?.[0].message).toContain('Did you mean "hello"?');
      const prod = await postJson(production.url, { query: '{ helo }' });
      expect(codes(prod)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(prod.body.errors?.[0].message).toBe('Cannot query field "helo" on type "Query".');
    });
  });

  describe('in production', () => {
    const introspection = '{ __schema { queryType { name } } }';

    it('refuses introspection', async () => {
      expect((await postJson(development.url, { query: introspection })).body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      const result = await postJson(production.url, { query: introspection });
      expect(codes(result)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(result.body.data).toBeUndefined();
    });

    it('serves no landing page (no Sandbox)', async () => {
      const dev = await fetch(development.url, { headers: { accept: 'text/html' } });
      expect(dev.headers.get('content-type')).toContain('text/html');
      const prod = await fetch(production.url, { headers: { accept: 'text/html' } });
      expect(prod.headers.get('content-type')).not.toContain('text/html');
      await prod.text();
      await dev.text();
    });
  });
});
