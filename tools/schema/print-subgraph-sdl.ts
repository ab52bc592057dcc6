import 'reflect-metadata';
import { join } from 'node:path';
import { Logger, type INestApplication } from '@nestjs/common';
import { REPO_ROOT } from '@retail/common';
import { subgraphSdl } from './subgraph-sdl';

/** `node print-subgraph-sdl.js <subgraph>`: writes that built subgraph's SDL to stdout. */
async function main(name: string): Promise<void> {
  const { createApp } = require(join(REPO_ROOT, 'subgraphs', name, 'dist', 'app.js')) as {
    createApp(): Promise<INestApplication>;
  };
  Logger.overrideLogger(false); // stdout carries the SDL only
  const app = await createApp();
  await app.init();
  process.stdout.write(await subgraphSdl(app));
  await app.close();
}

main(process.argv[2] ?? '').catch((error) => {
  console.error(error);
  process.exit(1);
});
