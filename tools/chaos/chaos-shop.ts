import { randomUUID } from 'node:crypto';
import type { SeededRandom } from './random';

const REGISTER = `mutation Register($email: String!, $password: String!, $name: String!) {
  register(input: { email: $email, password: $password, name: $name }) { accessToken } }`;
const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(input: { email: $email, password: $password }) { accessToken } }`;
const CREATE_PRODUCT = `mutation CreateProduct($input: CreateProductInput!) { createProduct(input: $input) { id } }`;
const PLACE_ORDER = `mutation PlaceOrder($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }`;
const CANCEL_ORDER = `mutation CancelOrder($id: ID!) { cancelOrder(id: $id) { id status } }`;

interface GraphQLError {
  message: string;
  extensions?: { code?: string };
}

/** A GraphQL answer with errors; `transient` when retrying the same request may succeed. */
export class ShopError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Codes a client retries: the request may not have been processed, or a service was away for a moment. */
const TRANSIENT_CODES = new Set(['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE', 'TOO_MANY_REQUESTS']);

/** One customer's view of the shop through the gateway, as the storefront would use it. */
export class ChaosShop {
  constructor(private readonly gatewayUrl: string) {}

  async request<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(20_000),
      });
    } catch (error) {
      throw new ShopError(`gateway unreachable: ${(error as Error).message}`, true);
    }
    const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: GraphQLError[] };
    const error = body.errors?.[0];
    if (error || !body.data) {
      const code = error?.extensions?.code;
      throw new ShopError(`${code ?? response.status}: ${error?.message ?? 'no data'}`, !code || TRANSIENT_CODES.has(code), code);
    }
    return body.data;
  }

  /**
   * Repeats a request while it fails transiently, as a careful client does (with its idempotency key): with
   * exponential backoff and jitter, so that a struggling shop is not buried under retries.
   */
  async withRetries<T>(attempt: () => Promise<T>, attempts = 8): Promise<T> {
    for (let i = 1; ; i += 1) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof ShopError) || !error.transient || i >= attempts) throw error;
        const backoff = Math.min(8_000, 500 * 2 ** (i - 1));
        await new Promise((resolve) => setTimeout(resolve, backoff / 2 + Math.random() * (backoff / 2)));
      }
    }
  }

  async register(): Promise<string> {
    const email = `chaos-${randomUUID()}@example.com`;
    const data = await this.withRetries(() =>
      this.request<{ register: { accessToken: string } }>(REGISTER, { email, password: 'chaos-pass-42', name: 'Chaos Customer' }),
    );
    return data.register.accessToken;
  }

  async login(email: string, password: string): Promise<string> {
    const data = await this.withRetries(() => this.request<{ login: { accessToken: string } }>(LOGIN, { email, password }));
    return data.login.accessToken;
  }

  async createProduct(adminToken: string, initialStock: number, priceAmount: number): Promise<string> {
    const sku = `CHAOS-${randomUUID().slice(0, 8).toUpperCase()}`;
    const input = { sku, name: `Chaos ${sku}`, priceAmount, currency: 'USD', initialStock };
    const data = await this.withRetries(() => this.request<{ createProduct: { id: string } }>(CREATE_PRODUCT, { input }, adminToken));
    return data.createProduct.id;
  }

  placeOrder(token: string, input: PlaceOrderRequest): Promise<{ id: string; status: string }> {
    return this.request<{ placeOrder: { id: string; status: string } }>(PLACE_ORDER, { input }, token).then((data) => data.placeOrder);
  }

  cancelOrder(token: string, id: string): Promise<{ id: string; status: string }> {
    return this.request<{ cancelOrder: { id: string; status: string } }>(CANCEL_ORDER, { id }, token).then((data) => data.cancelOrder);
  }
}

export interface PlaceOrderRequest {
  items: { productId: string; quantity: number }[];
  paymentToken: string;
  idempotencyKey: string;
}

/** Good, declined and flaky cards, in the proportions of the scenario. */
export function pickPaymentToken(random: SeededRandom): string {
  const roll = random.next();
  if (roll < 0.7) return 'tok_visa';
  if (roll < 0.85) return 'tok_chargeDeclined';
  return 'tok_processingError';
}
