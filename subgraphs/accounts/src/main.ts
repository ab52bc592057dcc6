import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app';
import { loadAccountsConfig } from './config';

async function main(): Promise<void> {
  const config = loadAccountsConfig();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  new Logger('accounts').log(`accounts subgraph listening on http://${config.host}:${config.port}/graphql`);
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
