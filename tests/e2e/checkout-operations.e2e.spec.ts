import { randomUUID } from 'node:crypto';
import { E2E_GATEWAY_URL } from '@test/e2e-environment';
import { errorCodes, gql } from '@test/graphql-client';
import { createProduct, loginAdmin, registerCustomer, sendOk, waitForTerminalOrder, type Session } from '@test/shop-client';

/**
 * The operators' checkout API through the gateway. These are admin tools, not shop operations, so they are sent
 * as ad-hoc documents (persisted queries run in `audit` mode here). Driving a saga into NEEDS_ATTENTION needs a
 * failing subgraph: subgraphs/orders/test/checkout-saga.int.spec.ts does that against the real services.
 */
const NEEDING_ATTENTION = `query SagasNeedingAttention { checkoutSagasNeedingAttention(first: 10) { orderId status step attempts lastError } }`;
const RETRY = `mutation RetryCheckoutSaga($orderId: ID!) { retryCheckoutSaga(orderId: $orderId) { orderId status } }`;

describe('checkout operations through the gateway', () => {
  let admin: Session;
  let customer: Session;

  beforeAll(async () => {
    admin = await loginAdmin();
    customer = await registerCustomer();
  });

  it('refuses the operators\' checkout API to anonymous callers and customers, at the gateway', async () => {
    expect(errorCodes(await gql(E2E_GATEWAY_URL, NEEDING_ATTENTION))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await gql(E2E_GATEWAY_URL, NEEDING_ATTENTION, {}, { token: customer.accessToken }))).toEqual([
      'FORBIDDEN',
    ]);
    const retry = await gql(E2E_GATEWAY_URL, RETRY, { orderId: randomUUID() }, { token: customer.accessToken });
    expect(errorCodes(retry)).toEqual(['FORBIDDEN']);
  });

  it('lists parked checkouts for an admin, and refuses to retry one that is not parked', async () => {
    const listed = await gql(E2E_GATEWAY_URL, NEEDING_ATTENTION, {}, { token: admin.accessToken });
    expect(listed.errors).toBeUndefined();
    expect(Array.isArray(listed.data?.checkoutSagasNeedingAttention)).toBe(true);

    const product = await createProduct(admin, { initialStock: 2 });
    const { placeOrder } = await sendOk(
      'PlaceOrder',
      { input: { items: [{ productId: product.id, quantity: 1 }], paymentToken: 'tok_visa' } },
      customer.accessToken,
    );
    expect((await waitForTerminalOrder(placeOrder.id, customer.accessToken)).status).toBe('CONFIRMED');
    const notParked = await gql(E2E_GATEWAY_URL, RETRY, { orderId: placeOrder.id }, { token: admin.accessToken });
    expect(errorCodes(notParked)).toEqual(['BAD_USER_INPUT']);
    const unknown = await gql(E2E_GATEWAY_URL, RETRY, { orderId: randomUUID() }, { token: admin.accessToken });
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
  });
});
