import { randomUUID } from 'node:crypto';
import { errorCodes } from '@test/graphql-client';
import { PaymentsService } from '../src/payments/payments.service';
import { replayPaymentEvents } from '../src/payments/payment-events';
import { startPaymentsTestEnvironment, type PaymentsTestEnvironment } from './support/payments-test-environment';

const PAYMENT_FIELDS = 'id status declineReason createdAt amount { amount currency } history { type at }';

const AUTHORIZE = `mutation Authorize($input: AuthorizePaymentInput!) { authorizePayment(input: $input) { ${PAYMENT_FIELDS} } }`;
const CAPTURE = `mutation Capture($orderId: ID!) { capturePayment(orderId: $orderId) { ${PAYMENT_FIELDS} } }`;
const REVERSE = `mutation Reverse($orderId: ID!) { reversePayment(orderId: $orderId) { ${PAYMENT_FIELDS} } }`;
const ORDER_PAYMENTS = `query OrderPayments($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Order { id payment { ${PAYMENT_FIELDS} } } }
}`;
const PAYMENTS = `query Payments($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Payment { ${PAYMENT_FIELDS} } }
}`;

interface PaymentView {
  id: string;
  status: string;
  declineReason: string | null;
  createdAt: string;
  amount: { amount: number; currency: string };
  history: { type: string; at: string }[];
}

describe(PaymentsService.name, () => {
  let env: PaymentsTestEnvironment;
  let serviceToken: string;
  const createdOrders: string[] = [];

  beforeAll(async () => {
    env = await startPaymentsTestEnvironment();
    serviceToken = await env.issuer.serviceToken('orders', ['payments:write']);
  });

  afterEach(async () => {
    await env.prisma.payment.deleteMany({ where: { orderId: { in: createdOrders.splice(0) } } });
  });

  afterAll(() => env?.close());

  /** A fresh order id, removed with its payment after the test. */
  function newOrder(): string {
    const orderId = randomUUID();
    createdOrders.push(orderId);
    return orderId;
  }

  const input = (overrides: Record<string, unknown> = {}) => ({
    orderId: newOrder(),
    customerId: randomUUID(),
    amount: 4200,
    currency: 'EUR',
    paymentToken: 'tok_visa',
    ...overrides,
  });

  /** Calls authorizePayment as `token`'s holder (anonymously when undefined). */
  async function authorizeAs(token: string | undefined, variables: Record<string, unknown>, url = env.url) {
    return env.gql<{ authorizePayment: PaymentView }>(url, AUTHORIZE, { input: variables }, { token });
  }

  async function authorized(variables: Record<string, unknown>): Promise<PaymentView> {
    const response = await authorizeAs(serviceToken, variables);
    expect(response.errors).toBeUndefined();
    return response.data!.authorizePayment;
  }

  async function storedStatusAndReplay(orderId: string) {
    const payment = await env.prisma.payment.findUniqueOrThrow({ where: { orderId }, include: { events: true } });
    return { stored: payment.status, replayed: replayPaymentEvents(payment.events), sequences: payment.events.map((e) => e.sequence) };
  }

  /** A payment left PENDING by a crash between recording the request and hearing from the gateway. */
  async function pendingPayment(paymentToken = 'tok_visa') {
    const orderId = newOrder();
    const customerId = randomUUID();
    await env.prisma.payment.create({
      data: {
        orderId,
        customerId,
        amount: 990,
        currency: 'EUR',
        events: { create: { sequence: 1, type: 'PAYMENT_REQUESTED', data: { amount: 990, currency: 'EUR', paymentToken } } },
      },
    });
    return { orderId, customerId };
  }

  describe('authorizePayment', () => {
    it('authorizes an approved card, records the history and charges once', async () => {
      const request = input();
      const payment = await authorized(request);
      expect(payment).toMatchObject({ status: 'AUTHORIZED', declineReason: null, amount: { amount: 4200, currency: 'EUR' } });
      expect(payment.history.map((event) => event.type)).toEqual(['PAYMENT_REQUESTED', 'PAYMENT_AUTHORIZED']);
      expect(await env.gatewayPayments(request.orderId)).toEqual([expect.objectContaining({ status: 'authorized', charges: 1 })]);
    });

    it('returns a declined card as a DECLINED payment with its reason, not as an error', async () => {
      const request = input({ paymentToken: 'tok_chargeDeclined' });
      const payment = await authorized(request);
      expect(payment).toMatchObject({ status: 'DECLINED', declineReason: 'card_declined' });
      expect(await env.gatewayPayments(request.orderId)).toEqual([]);
    });

    it('rides out transient gateway failures with retries and charges exactly once', async () => {
      const request = input({ paymentToken: 'tok_processingError' });
      const payment = await authorized(request);
      expect(payment.status).toBe('AUTHORIZED');
      expect(await env.gatewayPayments(request.orderId)).toEqual([expect.objectContaining({ charges: 1 })]);
    });

    it('returns the existing payment when the same order is authorized again', async () => {
      const request = input();
      const first = await authorized(request);
      const again = await authorized({ ...request, paymentToken: 'tok_chargeDeclined' });
      expect(again).toEqual(first);
      expect(await env.gatewayPayments(request.orderId)).toEqual([expect.objectContaining({ charges: 1 })]);
    });

    it('creates a single payment when the same order is authorized concurrently', async () => {
      const request = input();
      const [a, b] = await Promise.all([authorized(request), authorized(request)]);
      expect(a.id).toBe(b.id);
      expect(await env.prisma.payment.count({ where: { orderId: request.orderId } })).toBe(1);
      expect(await env.gatewayPayments(request.orderId)).toEqual([expect.objectContaining({ charges: 1 })]);
    });

    it('leaves the payment PENDING when the gateway stays down, and resumes it without a second charge', async () => {
      const request = input({ paymentToken: 'tok_processingError' });
      const impatient = await env.startApp({ maxAttempts: 2 });
      try {
        const failed = await authorizeAs(serviceToken, request, impatient.url);
        expect(errorCodes(failed)).toEqual(['SERVICE_UNAVAILABLE']);
      } finally {
        await impatient.close();
      }
      expect((await env.prisma.payment.findUniqueOrThrow({ where: { orderId: request.orderId } })).status).toBe('PENDING');

      const payment = await authorized(request);
      expect(payment.status).toBe('AUTHORIZED');
      expect(payment.history.map((event) => event.type)).toEqual(['PAYMENT_REQUESTED', 'PAYMENT_AUTHORIZED']);
      expect(await env.gatewayPayments(request.orderId)).toEqual([expect.objectContaining({ charges: 1 })]);
    });

    it('refuses bad input and writes nothing', async () => {
      const request = input({ amount: -5, currency: 'euro' });
      const response = await authorizeAs(serviceToken, request);
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0].message).toMatch(/amount.*currency/);
      expect(await env.prisma.payment.count({ where: { orderId: request.orderId } })).toBe(0);
    });

    it('keeps a history whose replay gives the stored status', async () => {
      const request = input();
      await authorized(request);
      await env.gql(env.url, CAPTURE, { orderId: request.orderId }, { token: serviceToken });
      await env.gql(env.url, REVERSE, { orderId: request.orderId }, { token: serviceToken });
      expect(await storedStatusAndReplay(request.orderId)).toEqual({ stored: 'REFUNDED', replayed: 'REFUNDED', sequences: [1, 2, 3, 4] });
    });
  });

  describe('capturePayment', () => {
    it('captures an authorized payment, and returns it unchanged when repeated', async () => {
      const request = input();
      await authorized(request);
      const first = await env.gql(env.url, CAPTURE, { orderId: request.orderId }, { token: serviceToken });
      expect(first.data?.capturePayment).toMatchObject({ status: 'CAPTURED' });
      const again = await env.gql(env.url, CAPTURE, { orderId: request.orderId }, { token: serviceToken });
      expect(again.data?.capturePayment).toEqual(first.data?.capturePayment);
      expect(await env.gatewayPayments(request.orderId)).toEqual([expect.objectContaining({ status: 'captured', charges: 1 })]);
    });

    it('refuses to capture a declined payment with CONFLICT', async () => {
      const request = input({ paymentToken: 'tok_chargeDeclined' });
      await authorized(request);
      const response = await env.gql(env.url, CAPTURE, { orderId: request.orderId }, { token: serviceToken });
      expect(errorCodes(response)).toEqual(['CONFLICT']);
      expect(await storedStatusAndReplay(request.orderId)).toMatchObject({ stored: 'DECLINED', replayed: 'DECLINED' });
    });

    it('answers NOT_FOUND for an order without a payment', async () => {
      const response = await env.gql(env.url, CAPTURE, { orderId: newOrder() }, { token: serviceToken });
      expect(errorCodes(response)).toEqual(['NOT_FOUND']);
    });
  });

  describe('reversePayment', () => {
    it('voids an authorized payment', async () => {
      const request = input();
      await authorized(request);
      const response = await env.gql(env.url, REVERSE, { orderId: request.orderId }, { token: serviceToken });
      expect(response.data?.reversePayment).toMatchObject({ status: 'VOIDED' });
      expect(await env.gatewayPayments(request.orderId)).toEqual([expect.objectContaining({ status: 'voided' })]);
      expect(await storedStatusAndReplay(request.orderId)).toMatchObject({ stored: 'VOIDED', replayed: 'VOIDED' });
    });

    it('refunds a captured payment', async () => {
      const request = input();
      await authorized(request);
      await env.gql(env.url, CAPTURE, { orderId: request.orderId }, { token: serviceToken });
      const response = await env.gql(env.url, REVERSE, { orderId: request.orderId }, { token: serviceToken });
      expect(response.data?.reversePayment).toMatchObject({ status: 'REFUNDED' });
      expect(await env.gatewayPayments(request.orderId)).toEqual([expect.objectContaining({ status: 'refunded', charges: 1 })]);
    });

    it('resolves a PENDING payment with the gateway first, then voids it', async () => {
      const { orderId } = await pendingPayment();
      const response = await env.gql<{ reversePayment: PaymentView }>(env.url, REVERSE, { orderId }, { token: serviceToken });
      expect(response.data?.reversePayment.status).toBe('VOIDED');
      expect(response.data?.reversePayment.history.map((event) => event.type)).toEqual([
        'PAYMENT_REQUESTED',
        'PAYMENT_AUTHORIZED',
        'PAYMENT_VOIDED',
      ]);
      expect(await env.gatewayPayments(orderId)).toEqual([expect.objectContaining({ status: 'voided', charges: 1 })]);
    });

    it('leaves declined and already reversed payments as they are', async () => {
      const declined = input({ paymentToken: 'tok_chargeDeclined' });
      await authorized(declined);
      const response = await env.gql(env.url, REVERSE, { orderId: declined.orderId }, { token: serviceToken });
      expect(response.data?.reversePayment).toMatchObject({ status: 'DECLINED' });

      const voided = input();
      await authorized(voided);
      await env.gql(env.url, REVERSE, { orderId: voided.orderId }, { token: serviceToken });
      const again = await env.gql(env.url, REVERSE, { orderId: voided.orderId }, { token: serviceToken });
      expect(again.data?.reversePayment).toMatchObject({ status: 'VOIDED' });
      expect(await storedStatusAndReplay(voided.orderId)).toEqual({ stored: 'VOIDED', replayed: 'VOIDED', sequences: [1, 2, 3] });
    });

    it('answers null for an order without a payment', async () => {
      const response = await env.gql(env.url, REVERSE, { orderId: newOrder() }, { token: serviceToken });
      expect(response).toMatchObject({ data: { reversePayment: null } });
      expect(response.errors).toBeUndefined();
    });
  });

  describe('permissions on the internal mutations', () => {
    it.each([
      ['no token', async () => undefined, 'UNAUTHENTICATED'],
      ['a customer token', () => env.issuer.userToken({ role: 'CUSTOMER' }), 'UNAUTHENTICATED'],
      ['an admin token', () => env.issuer.userToken({ role: 'ADMIN' }), 'UNAUTHENTICATED'],
      ['a service token without payments:write', () => env.issuer.serviceToken('catalog', ['catalog:write']), 'FORBIDDEN'],
    ])('refuse %s and change nothing', async (_caller, token, code) => {
      const request = input();
      const response = await authorizeAs(await token(), request);
      expect(errorCodes(response)).toEqual([code]);
      expect(await env.prisma.payment.count({ where: { orderId: request.orderId } })).toBe(0);

      const reverse = await env.gql(env.url, REVERSE, { orderId: request.orderId }, { token: await token() });
      expect(errorCodes(reverse)).toEqual([code]);
    });
  });

  describe('Order.payment through _entities', () => {
    let paid: { orderId: string; customerId: string; paymentId: string };

    beforeEach(async () => {
      const request = input();
      const payment = await authorized(request);
      paid = { orderId: request.orderId, customerId: request.customerId, paymentId: payment.id };
    });

    const orderPayments = async (orderIds: string[], token?: string) =>
      env.gql<{ _entities: ({ id: string; payment: PaymentView | null } | null)[] }>(
        env.url,
        ORDER_PAYMENTS,
        { representations: orderIds.map((id) => ({ __typename: 'Order', id })) },
        { token },
      );

    it("shows the order's customer the payment", async () => {
      const response = await orderPayments([paid.orderId], await env.issuer.userToken({ userId: paid.customerId }));
      expect(response.errors).toBeUndefined();
      expect(response.data?._entities[0]).toMatchObject({
        id: paid.orderId,
        payment: { id: paid.paymentId, status: 'AUTHORIZED', amount: { amount: 4200, currency: 'EUR' } },
      });
    });

    it('refuses another customer with FORBIDDEN', async () => {
      const response = await orderPayments([paid.orderId], await env.issuer.userToken({ role: 'CUSTOMER' }));
      expect(errorCodes(response)).toEqual(['FORBIDDEN']);
      expect(response.data?._entities[0]).toMatchObject({ id: paid.orderId, payment: null });
    });

    it('shows an admin any payment', async () => {
      const response = await orderPayments([paid.orderId], await env.issuer.userToken({ role: 'ADMIN' }));
      expect(response.data?._entities[0]?.payment).toMatchObject({ id: paid.paymentId });
    });

    it('answers null for an order that has no payment yet', async () => {
      const response = await orderPayments([newOrder()], await env.issuer.userToken({ role: 'ADMIN' }));
      expect(response.errors).toBeUndefined();
      expect(response.data?._entities[0]?.payment).toBeNull();
    });

    it('requires a token', async () => {
      const response = await orderPayments([paid.orderId]);
      expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    });

    it('loads the payments of many orders with one query', async () => {
      const others = [await authorized(input()), await authorized(input())];
      const orderIds = [paid.orderId, ...createdOrders.slice(-2)];
      const findMany = jest.spyOn(env.prisma.payment, 'findMany');
      try {
        const response = await orderPayments(orderIds, await env.issuer.userToken({ role: 'ADMIN' }));
        expect(response.data?._entities.map((order) => order?.payment?.id)).toEqual([paid.paymentId, ...others.map((p) => p.id)]);
        expect(findMany).toHaveBeenCalledTimes(1);
      } finally {
        findMany.mockRestore();
      }
    });
  });

  describe('Payment through _entities', () => {
    const payments = async (ids: string[], token?: string) =>
      env.gql<{ _entities: (PaymentView | null)[] }>(env.url, PAYMENTS, { representations: ids.map((id) => ({ __typename: 'Payment', id })) }, { token });

    it('resolves payments for their customer and refuses them to others', async () => {
      const request = input();
      const payment = await authorized(request);
      const own = await payments([payment.id], await env.issuer.userToken({ userId: request.customerId }));
      expect(own.data?._entities).toEqual([payment]);

      const other = await payments([payment.id], await env.issuer.userToken({ role: 'CUSTOMER' }));
      expect(errorCodes(other)).toEqual(['FORBIDDEN']);
      expect(other.data?._entities).toEqual([null]);
    });

    it('resolves unknown payments to null', async () => {
      const response = await payments([randomUUID()], serviceToken);
      expect(response.errors).toBeUndefined();
      expect(response.data?._entities).toEqual([null]);
    });
  });
});
