import { errorCodes } from '@test/graphql-client';
import { UsersService } from '../src/users/users.service';
import { aRegisteredUser } from './support/accounts-factory';
import { ME, USER_ENTITIES } from './support/accounts-operations';
import { startAccountsTestApp, type AccountsTestApp } from './support/accounts-test-app';

describe(`${UsersService.name} authorization`, () => {
  let accounts: AccountsTestApp;

  beforeAll(async () => {
    accounts = await startAccountsTestApp();
  });

  afterEach(async () => {
    await accounts.reset();
  });

  afterAll(async () => {
    await accounts.close();
  });

  it("never returns another customer's profile in a batch of references, while the caller's own resolves", async () => {
    const caller = await aRegisteredUser(accounts);
    const other = await aRegisteredUser(accounts, 'Charles Babbage');
    const response = await accounts.send(
      USER_ENTITIES,
      { representations: [caller.id, other.id].map((id) => ({ __typename: 'User', id })) },
      caller.accessToken,
    );
    expect(response.data?._entities).toEqual([{ id: caller.id, email: caller.email }, null]);
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(response)).not.toContain(other.email);
  });

  it("answers me with the caller's own profile only", async () => {
    const caller = await aRegisteredUser(accounts);
    await aRegisteredUser(accounts, 'Charles Babbage');
    const response = await accounts.send(ME, {}, caller.accessToken);
    expect(response.data?.me).toMatchObject({ id: caller.id, email: caller.email });
  });
});
