import { lifetimeOf, renewalDelayMs } from './access-token';

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access token lifetime', () => {
  it('reads iat and exp from a JWT payload, whatever the browser clock says', () => {
    const token = `${encode({ alg: 'ES256', kid: 'k1' })}.${encode({ sub: 'u', iat: 1000, exp: 1900, name: 'Zoë' })}.sig`;
    expect(lifetimeOf(token)).toEqual({ lifetimeSeconds: 900 });
  });

  it('refuses tokens without a usable lifetime', () => {
    expect(() => lifetimeOf('not-a-jwt')).toThrow('not a JWT');
    expect(() => lifetimeOf(`${encode({})}.${encode({ exp: 10 })}.x`)).toThrow('iat/exp');
    expect(() => lifetimeOf(`${encode({})}.${encode({ iat: 10, exp: 5 })}.x`)).toThrow('iat/exp');
  });

  it('renews a minute early, or at four fifths of a short life', () => {
    expect(renewalDelayMs({ lifetimeSeconds: 900 })).toBe(840_000);
    expect(renewalDelayMs({ lifetimeSeconds: 30 })).toBe(24_000);
  });
});
