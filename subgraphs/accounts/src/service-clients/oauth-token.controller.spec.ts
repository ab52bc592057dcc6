import { OAuthError } from './oauth-error';
import { parseTokenRequest } from './oauth-token.controller';

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

function oauthErrorOf(attempt: () => unknown): string | undefined {
  try {
    attempt();
  } catch (error) {
    if (error instanceof OAuthError) return error.error;
    throw error;
  }
  return undefined;
}

describe(parseTokenRequest.name, () => {
  it('reads the grant and client credentials from the body', () => {
    expect(
      parseTokenRequest({ grant_type: 'client_credentials', client_id: 'orders', client_secret: 's', scope: 'a b' }, undefined),
    ).toEqual({ grantType: 'client_credentials', clientId: 'orders', clientSecret: 's', scope: 'a b' });
  });

  it('reads form-urlencoded HTTP Basic credentials', () => {
    expect(parseTokenRequest({ grant_type: 'client_credentials' }, basic('orders', 'p@ss word:+'))).toEqual({
      grantType: 'client_credentials',
      clientId: 'orders',
      clientSecret: 'p@ss word:+',
      scope: undefined,
    });
  });

  it('refuses two client authentication methods in one request', () => {
    expect(oauthErrorOf(() => parseTokenRequest({ client_secret: 's' }, basic('orders', 's')))).toBe('invalid_request');
    expect(oauthErrorOf(() => parseTokenRequest({ client_id: 'gateway' }, basic('orders', 's')))).toBe('invalid_request');
  });

  it('refuses repeated or non-string parameters', () => {
    expect(oauthErrorOf(() => parseTokenRequest({ scope: ['a', 'b'] }, undefined))).toBe('invalid_request');
    expect(oauthErrorOf(() => parseTokenRequest({ client_id: 42 }, undefined))).toBe('invalid_request');
  });

  it('answers invalid_client for other authorization schemes', () => {
    expect(oauthErrorOf(() => parseTokenRequest({}, 'Bearer abc'))).toBe('invalid_client');
    expect(oauthErrorOf(() => parseTokenRequest({}, `Basic ${Buffer.from('no-colon').toString('base64')}`))).toBe(
      'invalid_client',
    );
  });
});
