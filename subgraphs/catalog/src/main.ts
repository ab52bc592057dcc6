import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app';
import { loadCatalogConfig } from './config';

async function main(): Promise<void> {
  const config = loadCatalogConfig();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  new Logger('catalog').log(`catalog subgraph listening on http://${config.host}:${config.port}/graphql`);
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
