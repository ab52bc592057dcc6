import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './env-reader';
import { loadTlsConfig } from './tls';

describe(loadTlsConfig.name, () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tls-config-'));
    await writeFile(join(dir, 'cert.pem'), 'CERT');
    await writeFile(join(dir, 'key.pem'), 'KEY');
    await writeFile(join(dir, 'ca.pem'), 'CA');
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is plain HTTP trusting the system CAs when nothing is set', () => {
    expect(loadTlsConfig({})).toEqual({});
  });

  it('reads the server certificate, key and trusted CA files', () => {
    const config = loadTlsConfig({
      TLS_CERT_FILE: join(dir, 'cert.pem'),
      TLS_KEY_FILE: join(dir, 'key.pem'),
      TLS_CA_FILE: join(dir, 'ca.pem'),
    });
    expect({ cert: String(config.server?.cert), key: String(config.server?.key), ca: String(config.ca) }).toEqual({
      cert: 'CERT',
      key: 'KEY',
      ca: 'CA',
    });
  });

  it('refuses a certificate without its key, and files it cannot read, listing every problem', () => {
    const attempt = () => loadTlsConfig({ TLS_CERT_FILE: join(dir, 'cert.pem'), TLS_CA_FILE: join(dir, 'missing.pem') });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/TLS_KEY_FILE is required when TLS_CERT_FILE is set[\s\S]*TLS_CA_FILE cannot be read \(ENOENT\)/);
  });
});
