import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, readConfig } from './env-reader';

describe('EnvReader secret files (<NAME>_FILE)', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'env-reader-'));
    await writeFile(join(dir, 'secret'), 's3cr3t-from-file\n');
    await writeFile(join(dir, 'url'), 'postgresql://orders:pw@db:5432/retail_orders');
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads a value from the file named by <NAME>_FILE, without its trailing newline', () => {
    const config = readConfig(
      (reader) => ({
        secret: reader.string('ORDERS_CLIENT_SECRET'),
        url: reader.url('ORDERS_DATABASE_URL', 'postgresql://x/y', ['postgresql']),
      }),
      { ORDERS_CLIENT_SECRET_FILE: join(dir, 'secret'), ORDERS_DATABASE_URL_FILE: join(dir, 'url') },
    );
    expect(config).toEqual({ secret: 's3cr3t-from-file', url: 'postgresql://orders:pw@db:5432/retail_orders' });
  });

  it('prefers neither when both are set, and reports unreadable files, listing every problem', () => {
    const attempt = () =>
      readConfig(
        (reader) => [reader.string('GATEWAY_CLIENT_SECRET'), reader.string('REDIS_URL')],
        {
          GATEWAY_CLIENT_SECRET: 'inline',
          GATEWAY_CLIENT_SECRET_FILE: join(dir, 'secret'),
          REDIS_URL_FILE: join(dir, 'missing'),
        },
      );
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/GATEWAY_CLIENT_SECRET and GATEWAY_CLIENT_SECRET_FILE are both set[\s\S]*REDIS_URL_FILE cannot be read \(ENOENT\)/);
  });

  it('reads the variable itself when no file is named', () => {
    expect(readConfig((reader) => reader.int('SHUTDOWN_GRACE_MS', 1), { SHUTDOWN_GRACE_MS: '42' })).toBe(42);
  });
});
