import { randomUUID } from 'node:crypto';
import { errorCodes } from '@test/graphql-client';
import { TokenSigner } from '../src/tokens/token-signer.service';
import { UsersService } from '../src/users/users.service';
import { aRegisteredUser } from './support/accounts-factory';
import { USER_ENTITIES } from './support/accounts-operations';
import { startAccountsTestApp, type AccountsTestApp } from './support/accounts-test-app';

describe(UsersService.name, () => {
  let accounts: AccountsTestApp;
  let signer: TokenSigner;

  const representations = (...ids: string[]) => ({ representations: ids.map((id) => ({ __typename: 'User', id })) });

  beforeAll(async () => {
    accounts = await startAccountsTestApp();
    signer = accounts.app.get(TokenSigner);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await accounts.reset();
  });

  afterAll(async () => {
    await accounts.close();
  });

  it('resolves a user for the user themself', async () => {
    const user = await aRegisteredUser(accounts);
    const response = await accounts.send(USER_ENTITIES, representations(user.id), user.accessToken);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ _entities: [{ id: user.id, email: user.email }] });
  });

  it('refuses another customer with FORBIDDEN', async () => {
    const owner = await aRegisteredUser(accounts);
    const other = await aRegisteredUser(accounts, 'Charles Babbage');
    const response = await accounts.send(USER_ENTITIES, representations(owner.id), other.accessToken);
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect(response.data?._entities?.[0] ?? null).toBeNull();
  });

  it('refuses callers without a token with UNAUTHENTICATED', async () => {
    const owner = await aRegisteredUser(accounts);
    expect(errorCodes(await accounts.send(USER_ENTITIES, representations(owner.id)))).toEqual(['UNAUTHENTICATED']);
  });

  it('resolves any user for an administrator', async () => {
    const customer = await aRegisteredUser(accounts);
    const admin = await signer.signUserToken({ id: randomUUID(), role: 'ADMIN' });
    const response = await accounts.send(USER_ENTITIES, representations(customer.id), admin.token);
    expect(response.data).toEqual({ _entities: [{ id: customer.id, email: customer.email }] });
  });

  it('resolves users for a service holding accounts:read, in the order asked, null where unknown', async () => {
    const ada = await aRegisteredUser(accounts);
    const grace = await aRegisteredUser(accounts, 'Grace Hopper');
    const orders = await accounts.serviceToken('orders', ['accounts:read']);

    const response = await accounts.send(USER_ENTITIES, representations(grace.id, randomUUID(), ada.id, 'not-a-uuid'), orders);

    expect(response.errors).toBeUndefined();
    expect(response.data!._entities).toEqual([
      { id: grace.id, email: grace.email },
      null,
      { id: ada.id, email: ada.email },
      null,
    ]);
  });

  it('refuses a service without accounts:read', async () => {
    const user = await aRegisteredUser(accounts);
    const catalogOnly = await accounts.serviceToken('orders', ['catalog:read']);
    expect(errorCodes(await accounts.send(USER_ENTITIES, representations(user.id), catalogOnly))).toEqual(['FORBIDDEN']);
  });

  it('resolves a batch of references with one query', async () => {
    const users = [];
    for (let i = 0; i < 10; i += 1) users.push(await aRegisteredUser(accounts, `User ${i}`));
    const lookups = jest.spyOn(accounts.app.get(UsersService), 'findByIds');
    const orders = await accounts.serviceToken('orders', ['accounts:read']);

    const response = await accounts.send(USER_ENTITIES, representations(...users.map(({ id }) => id)), orders);

    expect(response.data!._entities.map((entity: { id: string }) => entity.id)).toEqual(users.map(({ id }) => id));
    expect(lookups).toHaveBeenCalledTimes(1);
    expect(lookups.mock.calls[0]![0]).toHaveLength(10);
  });

  it('publishes User as a federation entity with its Role enum', async () => {
    const response = await accounts.send('{ _service { sdl } }');
    const sdl: string = response.data!._service.sdl;
    expect(sdl).toMatch(/type User\s+@key\(fields: "id"\)/);
    // Each value may be preceded by its """description""".
    expect(sdl).toMatch(/enum Role[^{]*\{\s*("{3}[\s\S]*?"{3}\s*)?CUSTOMER\s+("{3}[\s\S]*?"{3}\s*)?ADMIN\s+\}/);
  });

  it('answers its health routes without credentials: live, and ready once its database and Redis answer', async () => {
    for (const path of ['/health', '/health/live']) {
      const response = await fetch(`${accounts.baseUrl}${path}`);
      expect({ path, status: response.status, body: await response.json() }).toEqual({ path, status: 200, body: { status: 'ok' } });
    }
    const ready = await fetch(`${accounts.baseUrl}/health/ready`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({
      status: 200,
      body: { status: 'ok', checks: { database: { status: 'up' }, redis: { status: 'up' } } },
    });
  });
});
