import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildASTSchema, graphql, parse, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, shield } from 'graphql-shield';
import type { Principal, RequestContext } from '@retail/common';
import { paymentsPermissions } from './permissions';

/** The committed SDL plus a root field on Query and Mutation that no rule names, guarded as the app guards it. */
function guardedSchema(): GraphQLSchema {
  const sdl = readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8');
  const unlisted = 'extend type Query { unlisted: Boolean } extend type Mutation { unlisted: Boolean }';
  const schema = buildASTSchema(parse(`${sdl}\n${unlisted}`), { assumeValidSDL: true });
  return applyMiddleware(schema, shield(paymentsPermissions, { allowExternalErrors: true, fallbackRule: allow }));
}

describe('paymentsPermissions', () => {
  const schema = guardedSchema();
  const run = async (source: string, principal?: Principal) => {
    const contextValue: RequestContext = { requestId: 'test', principal };
    const result = await graphql({ schema, source, contextValue, rootValue: { unlisted: true, _service: { sdl: 'sdl' } } });
    return { data: result.data, codes: (result.errors ?? []).map((error) => error.extensions?.code) };
  };
  const callers: [string, Principal | undefined][] = [
    ['anonymous callers', undefined],
    ['customers', { kind: 'user', userId: 'u1', role: 'CUSTOMER' }],
    ['administrators', { kind: 'user', userId: 'u2', role: 'ADMIN' }],
    ['services', { kind: 'service', clientId: 'gateway', scopes: ['accounts:read', 'catalog:stock', 'payments:write'] }],
  ];

  it.each(callers)('denies %s any Query or Mutation field it does not name', async (_who, principal) => {
    for (const source of ['{ unlisted }', 'mutation { unlisted }']) {
      const result = await run(source, principal);
      expect(result.data?.unlisted ?? null).toBeNull();
      expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain(result.codes[0]);
    }
  });

  it('keeps _service open, so the gateway can compose without a token', async () => {
    expect(await run('{ _service { sdl } }')).toEqual({ data: { _service: { sdl: 'sdl' } }, codes: [] });
  });
});
