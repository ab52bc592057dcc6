import { randomUUID } from 'node:crypto';
import { errorCodes } from '@test/graphql-client';
import { PaymentsService } from '../src/payments/payments.service';
import { startPaymentsTestEnvironment, type PaymentsTestEnvironment } from './support/payments-test-environment';

const AUTHORIZE = `mutation Authorize($input: AuthorizePaymentInput!) { authorizePayment(input: $input) { id } }`;
const ORDER_PAYMENTS = `query OrderPayments($r: [_Any!]!) {
  _entities(representations: $r) { ... on Order { id payment { id status amount { amount currency } } } }
}`;
const PAYMENTS = `query Payments($r: [_Any!]!) { _entities(representations: $r) { ... on Payment { id status } } }`;

describe(`${PaymentsService.name} authorization`, () => {
  let env: PaymentsTestEnvironment;
  const orderIds: string[] = [];

  beforeAll(async () => {
    env = await startPaymentsTestEnvironment();
  });

  afterEach(async () => {
    await env.prisma.payment.deleteMany({ where: { orderId: { in: orderIds.splice(0) } } });
  });

  afterAll(() => env?.close());

  /** A customer whose order has an authorized payment. */
  async function aCustomerWithAPayment() {
    const customerId = randomUUID();
    const orderId = randomUUID();
    orderIds.push(orderId);
    const input = { orderId, customerId, amount: 1500, currency: 'EUR', paymentToken: 'tok_visa' };
    const saga = await env.issuer.serviceToken('orders', ['payments:write']);
    const response = await env.gql<{ authorizePayment: { id: string } }>(env.url, AUTHORIZE, { input }, { token: saga });
    if (!response.data?.authorizePayment) throw new Error(`authorizePayment failed: ${JSON.stringify(response.errors)}`);
    return { customerId, orderId, paymentId: response.data.authorizePayment.id, token: await env.issuer.userToken({ userId: customerId }) };
  }

  it("never returns another customer's payment through Order references, while the caller's own resolves", async () => {
    const [owner, caller] = [await aCustomerWithAPayment(), await aCustomerWithAPayment()];
    const response = await env.gql<{ _entities: { id: string; payment: { id: string } | null }[] }>(
      env.url,
      ORDER_PAYMENTS,
      { r: [owner.orderId, caller.orderId].map((id) => ({ __typename: 'Order', id })) },
      { token: caller.token },
    );
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect(response.data?._entities[0]?.payment ?? null).toBeNull();
    expect(response.data?._entities[1]?.payment).toMatchObject({ id: caller.paymentId, status: 'AUTHORIZED' });
    expect(JSON.stringify(response)).not.toContain(owner.paymentId);
  });

  it("never returns another customer's payment through Payment references", async () => {
    const [owner, caller] = [await aCustomerWithAPayment(), await aCustomerWithAPayment()];
    const response = await env.gql<{ _entities: ({ id: string } | null)[] }>(
      env.url,
      PAYMENTS,
      { r: [owner.paymentId, caller.paymentId].map((id) => ({ __typename: 'Payment', id })) },
      { token: caller.token },
    );
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect(response.data?._entities).toEqual([null, { id: caller.paymentId, status: 'AUTHORIZED' }]);
  });

  it('refuses the payment mutations to customers and administrators', async () => {
    const owner = await aCustomerWithAPayment();
    for (const token of [owner.token, await env.issuer.userToken({ role: 'ADMIN' })]) {
      const capture = await env.gql(env.url, `mutation { capturePayment(orderId: "${owner.orderId}") { id } }`, {}, { token });
      expect(errorCodes(capture)).toEqual([expect.stringMatching(/^(FORBIDDEN|UNAUTHENTICATED)$/)]);
    }
    expect((await env.prisma.payment.findUniqueOrThrow({ where: { orderId: owner.orderId } })).status).toBe('AUTHORIZED');
  });
});
