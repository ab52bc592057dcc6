import { randomUUID } from 'node:crypto';
import { E2E_GATEWAY_URL } from '@test/e2e-environment';
import { errorCodes, gql } from '@test/graphql-client';
import { loginAdmin, registerCustomer, send, sendOk } from '@test/shop-client';

describe('accounts through the gateway', () => {
  it('registers a customer who can sign in, see their profile, refresh and sign out', async () => {
    const email = `Someone-${randomUUID()}@Example.com`;
    const { register } = await sendOk('Register', { email, password: 'correct-horse-42', name: '  Ada Lovelace ' });
    expect(register.user).toMatchObject({ email: email.toLowerCase(), name: 'Ada Lovelace', role: 'CUSTOMER' });

    const { login } = await sendOk('Login', { email, password: 'correct-horse-42' });
    expect(login.user).toEqual({ id: register.user.id, email: email.toLowerCase(), role: 'CUSTOMER' });

    const { me } = await sendOk('Me', {}, login.accessToken);
    expect(me).toEqual({ id: register.user.id, email: email.toLowerCase(), name: 'Ada Lovelace', role: 'CUSTOMER', orders: [] });

    const { refreshSession } = await sendOk('RefreshSession', { refreshToken: login.refreshToken });
    expect(refreshSession.refreshToken).not.toBe(login.refreshToken);
    expect((await sendOk('Me', {}, refreshSession.accessToken)).me.id).toBe(register.user.id);

    // A refresh token works once: replaying it is refused and ends the whole session family.
    const replay = await send('RefreshSession', { refreshToken: login.refreshToken });
    expect(errorCodes(replay)).toEqual(['UNAUTHENTICATED']);
    const afterReplay = await send('RefreshSession', { refreshToken: refreshSession.refreshToken });
    expect(errorCodes(afterReplay)).toEqual(['UNAUTHENTICATED']);

    const { login: second } = await sendOk('Login', { email, password: 'correct-horse-42' });
    expect((await sendOk('Logout', { refreshToken: second.refreshToken })).logout).toBe(true);
    expect(errorCodes(await send('RefreshSession', { refreshToken: second.refreshToken }))).toEqual(['UNAUTHENTICATED']);
  });

  it('signs in the seeded administrator', async () => {
    const admin = await loginAdmin();
    const { me } = await sendOk('Me', {}, admin.accessToken);
    expect(me.role).toBe('ADMIN');
  });

  it('refuses bad registrations and credentials with clear codes', async () => {
    const existing = await registerCustomer();
    const cases: [Record<string, string>, string][] = [
      [{ email: 'not-an-email', password: 'correct-horse-42', name: 'X' }, 'BAD_USER_INPUT'],
      [{ email: `${randomUUID()}@example.com`, password: 'short1', name: 'X' }, 'BAD_USER_INPUT'],
      [{ email: `${randomUUID()}@example.com`, password: 'correct-horse-42', name: '   ' }, 'BAD_USER_INPUT'],
      [{ email: existing.email, password: 'correct-horse-42', name: 'Again' }, 'BAD_USER_INPUT'],
    ];
    for (const [variables, code] of cases) {
      expect(errorCodes(await send('Register', variables))).toEqual([code]);
    }
    expect(errorCodes(await send('Login', { email: existing.email, password: 'wrong-password-1' }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await send('Login', { email: `${randomUUID()}@example.com`, password: 'whatever-123' }))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });

  it('answers UNAUTHENTICATED for a missing, malformed or forged token', async () => {
    expect(errorCodes(await send('Me'))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await send('Me', {}, 'not-a-jwt'))).toEqual(['UNAUTHENTICATED']);

    const { accessToken } = await registerCustomer();
    const [header, payload, signature] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const promoted = Buffer.from(JSON.stringify({ ...claims, role: 'ADMIN' })).toString('base64url');
    expect(errorCodes(await send('Me', {}, `${header}.${promoted}.${signature}`))).toEqual(['UNAUTHENTICATED']);

    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    expect(errorCodes(await send('Me', {}, unsigned))).toEqual(['UNAUTHENTICATED']);
  });

  it('masks internal details of malformed requests', async () => {
    const response = await gql(E2E_GATEWAY_URL, '{ me { id nope } }');
    expect(errorCodes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(JSON.stringify(response.errors)).not.toMatch(/stacktrace|at \w+ \(/);
  });
});
