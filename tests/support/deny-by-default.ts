import { readFileSync } from 'node:fs';
import { buildASTSchema, graphql, parse, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import type { IRules } from 'graphql-shield';
import { shieldPermissions, type Principal, type RequestContext } from '@retail/common';

/** The committed SDL plus a root field on Query and Mutation that no rule names, guarded as the app guards it. */
function guardedSchema(schemaFile: string, permissions: IRules): GraphQLSchema {
  const unlisted = 'extend type Query { unlisted: Boolean } extend type Mutation { unlisted: Boolean }';
  const schema = buildASTSchema(parse(`${readFileSync(schemaFile, 'utf8')}\n${unlisted}`), { assumeValidSDL: true });
  return applyMiddleware(schema, shieldPermissions(permissions));
}

const CALLERS: [string, Principal | undefined][] = [
  ['anonymous callers', undefined],
  ['customers', { kind: 'user', userId: 'u1', role: 'CUSTOMER' }],
  ['administrators', { kind: 'user', userId: 'u2', role: 'ADMIN' }],
  ['services', { kind: 'service', clientId: 'gateway', scopes: ['accounts:read', 'catalog:stock', 'payments:write'] }],
];

/**
 * The deny-by-default checks every subgraph's permissions must pass: a Query or Mutation field that no rule
 * names is refused to everyone, while `_service` stays open for composition.
 */
export function describeDenyByDefault(name: string, permissions: IRules, schemaFile: string): void {
  describe(name, () => {
    const schema = guardedSchema(schemaFile, permissions);
    const run = async (source: string, principal?: Principal) => {
      const contextValue: RequestContext = { requestId: 'test', principal };
      const result = await graphql({ schema, source, contextValue, rootValue: { unlisted: true, _service: { sdl: 'sdl' } } });
      return { data: result.data, codes: (result.errors ?? []).map((error) => error.extensions?.code) };
    };

    it.each(CALLERS)('denies %s any Query or Mutation field it does not name', async (_who, principal) => {
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
}
