import { resolve } from 'node:path';
import { ConfigError, developmentClientSecret } from '@retail/common';
import { loadAccountsConfig } from './config';

describe(loadAccountsConfig.name, () => {
  it('defaults to development secrets, a key file under .local and generated keys outside production', () => {
    const config = loadAccountsConfig({});
    expect(config.serviceClientSecrets).toEqual({
      gateway: developmentClientSecret('gateway'),
      orders: developmentClientSecret('orders'),
    });
    expect(config.signingKey).toEqual({
      privateKeyFile: resolve('.local/keys/accounts-signing-key.pem'),
      previousPublicKeyFiles: [],
      generateIfMissing: true,
    });
    expect(config).toEqual(
      expect.objectContaining({ accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 2592000, serviceTokenTtlSeconds: 300 }),
    );
  });

  it('reads client secrets and previous key files', () => {
    const config = loadAccountsConfig({
      GATEWAY_CLIENT_SECRET: 'g',
      ORDERS_CLIENT_SECRET: 'o',
      JWT_PREVIOUS_PUBLIC_KEY_FILES: '/keys/a.pem, /keys/b.pem,',
    });
    expect(config.serviceClientSecrets).toEqual({ gateway: 'g', orders: 'o' });
    expect(config.signingKey.previousPublicKeyFiles).toEqual(['/keys/a.pem', '/keys/b.pem']);
  });

  it('refuses development client secrets in production and never generates keys there', () => {
    const production = { NODE_ENV: 'production', GATEWAY_CLIENT_SECRET: 'g', ORDERS_CLIENT_SECRET: 'o' };
    expect(loadAccountsConfig(production).signingKey.generateIfMissing).toBe(false);
    expect(() => loadAccountsConfig({ ...production, ORDERS_CLIENT_SECRET: undefined })).toThrow(ConfigError);
    expect(() =>
      loadAccountsConfig({
        ...production,
        ORDERS_CLIENT_SECRET: developmentClientSecret('orders'),
      }),
    ).toThrow(/ORDERS_CLIENT_SECRET must not be the development secret in production/);
  });

  it('lists every bad variable at once', () => {
    expect(() => loadAccountsConfig({ ACCESS_TOKEN_TTL_SECONDS: 'soon', ARGON2_TIME_COST: '0' })).toThrow(
      /ACCESS_TOKEN_TTL_SECONDS[\s\S]*ARGON2_TIME_COST/,
    );
  });
});
