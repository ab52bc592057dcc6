import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { execute, parse } from 'graphql';
import { REPO_ROOT } from '@retail/common';

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

/**
 * Prints one built subgraph's SDL in a process of its own: NestJS keeps code-first type metadata in a
 * process-wide store, so two subgraphs' apps in one process would see each other's types.
 */
export async function printBuiltSubgraphSdl(name: string): Promise<string> {
  const script = join(REPO_ROOT, 'tools', 'dist', 'schema', 'print-subgraph-sdl.js');
  const { stdout } = await promisify(execFile)(process.execPath, [script, name], {
    cwd: REPO_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}
