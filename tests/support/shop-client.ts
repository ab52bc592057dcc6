import { randomUUID } from 'node:crypto';
import { readOperations } from './client-operations';
import { E2E_ENV, E2E_GATEWAY_URLS } from './e2e-environment';
import { gql, type GraphQLResponse } from './graphql-client';

const operations = readOperations();
let sent = 0;

/**
 * Sends one of the client operations, by name, to the end-to-end gateway exactly as a client would. With
 * several instances (E2E_INSTANCES), each call goes to the next gateway, so a test's calls cross instances.
 */
export function send<T = Record<string, any>>(
  operationName: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResponse<T>> {
  const query = operations.get(operationName);
  if (!query) throw new Error(`No client operation named ${operationName}`);
  const gateway = E2E_GATEWAY_URLS[sent++ % E2E_GATEWAY_URLS.length]!;
  return gql<T>(gateway, query, variables, { token });
}

/** Like `send`, but fails the test on any GraphQL error and returns the data. */
export async function sendOk<T = Record<string, any>>(
  operationName: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<T> {
  const response = await send<T>(operationName, variables, token);
  if (response.errors?.length || !response.data) {
    throw new Error(`${operationName} failed: ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}

export interface Session {
  userId: string;
  email: string;
  accessToken: string;
  refreshToken: string;
}

export async function registerCustomer(): Promise<Session> {
  const email = `customer-${randomUUID()}@example.com`;
  const { register } = await sendOk('Register', { email, password: 'correct-horse-42', name: 'Test Customer' });
  return { userId: register.user.id, email, accessToken: register.accessToken, refreshToken: register.refreshToken };
}

export async function loginAdmin(): Promise<Session> {
  const { login } = await sendOk('Login', { email: E2E_ENV.ADMIN_EMAIL, password: E2E_ENV.ADMIN_PASSWORD });
  return { userId: login.user.id, email: login.user.email, accessToken: login.accessToken, refreshToken: login.refreshToken };
}

export interface ProductSpec {
  priceAmount?: number;
  initialStock?: number;
  currency?: string;
}

/** Creates a product of its own for a test, so tests never compete for the same stock. */
export async function createProduct(admin: Session, spec: ProductSpec = {}): Promise<{ id: string; sku: string }> {
  const sku = `E2E-${randomUUID().slice(0, 8).toUpperCase()}`;
  const { createProduct } = await sendOk(
    'CreateProduct',
    {
      input: {
        sku,
        name: `Test product ${sku}`,
        description: 'Made by the end-to-end tests',
        priceAmount: spec.priceAmount ?? 1999,
        currency: spec.currency ?? 'USD',
        attributes: { color: 'teal' },
        initialStock: spec.initialStock ?? 10,
      },
    },
    admin.accessToken,
  );
  return { id: createProduct.id, sku };
}

export async function stockOf(productId: string): Promise<{ available: number; reserved: number }> {
  const { product } = await sendOk('Product', { id: productId });
  return product.stock;
}

const TERMINAL = ['CONFIRMED', 'CANCELLED'];

/** Polls the Order operation until the order reaches a terminal status (the saga runs asynchronously). */
export async function waitForTerminalOrder(orderId: string, token: string, timeoutMs = 20_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { order } = await sendOk('Order', { id: orderId }, token);
    if (TERMINAL.includes(order.status)) return order;
    if (Date.now() > deadline) throw new Error(`Order ${orderId} still ${order.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls until `check` passes (for effects that settle after an order's status, e.g. a refund). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
