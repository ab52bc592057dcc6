import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app';
import { applyOutboundTls, loadTlsConfig } from '@retail/common';
import { loadGatewayConfig } from './config';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const tls = loadTlsConfig();
  await applyOutboundTls(tls);
  const app = await createApp(config, { httpsOptions: tls.server });
  await app.listen(config.port, config.host);
  new Logger('gateway').log(`gateway listening on ${tls.server ? 'https' : 'http'}://${config.host}:${config.port}/graphql`);
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
