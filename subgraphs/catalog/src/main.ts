import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app';
import { loadCatalogConfig } from './config';
import { applyOutboundTls, loadTlsConfig } from '@retail/common';

async function main(): Promise<void> {
  const config = loadCatalogConfig();
  const tls = loadTlsConfig();
  await applyOutboundTls(tls);
  const app = await createApp(config, { httpsOptions: tls.server });
  await app.listen(config.port, config.host);
  new Logger('catalog').log(`catalog subgraph listening on ${tls.server ? 'https' : 'http'}://${config.host}:${config.port}/graphql`);
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
