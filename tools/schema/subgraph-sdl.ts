import type { INestApplication } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { execute, parse } from 'graphql';

/**
 * The SDL a subgraph publishes on `_service { sdl }`, which is exactly what composition consumes.
 * The app must be initialised (app.init()) but need not listen.
 */
export async function subgraphSdl(app: INestApplication): Promise<string> {
  const { schema } = app.get(GraphQLSchemaHost);
  const result = await execute({ schema, document: parse('{ _service { sdl } }'), contextValue: { requestId: 'sdl' } });
  if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('; '));
  const sdl = (result.data as { _service: { sdl: string } })._service.sdl;
  return `${sdl.trim()}\n`;
}
