import { Inject, Injectable } from '@nestjs/common';
import { ServiceTokenClient, SubgraphClient } from '@retail/common';
import { ORDERS_CONFIG, type OrdersConfig } from '../config';

export interface RemotePayment {
  id: string;
  status: string;
  declineReason: string | null;
  amount: { amount: number; currency: string };
}

export interface AuthorizePaymentInput {
  orderId: string;
  customerId: string;
  amount: number;
  currency: string;
  paymentToken: string;
}

const PAYMENT_FIELDS = 'id status declineReason amount { amount currency }';

/**
 * The payments subgraph's saga mutations, called with the `orders` client's token for the payments audience;
 * each idempotent per order.
 */
@Injectable()
export class PaymentsClient {
  private readonly client: SubgraphClient;

  constructor(@Inject(ORDERS_CONFIG) config: OrdersConfig, tokens: ServiceTokenClient) {
    this.client = new SubgraphClient(config.paymentsUrl, 'payments', tokens);
  }

  /** AUTHORIZED or DECLINED (with declineReason): a decline is an answer, not an error. */
  async authorizePayment(input: AuthorizePaymentInput): Promise<RemotePayment> {
    const data = await this.client.request<{ authorizePayment: RemotePayment }>(
      // Fields inlined so the call does not depend on the name payments gives its input type.
      `mutation Authorize($orderId: ID!, $customerId: ID!, $amount: Int!, $currency: String!, $paymentToken: String!) {
        authorizePayment(input: {
          orderId: $orderId, customerId: $customerId, amount: $amount, currency: $currency, paymentToken: $paymentToken
        }) { ${PAYMENT_FIELDS} }
      }`,
      { ...input },
    );
    return data.authorizePayment;
  }

  async capturePayment(orderId: string): Promise<RemotePayment> {
    const data = await this.client.request<{ capturePayment: RemotePayment }>(
      `mutation Capture($orderId: ID!) { capturePayment(orderId: $orderId) { ${PAYMENT_FIELDS} } }`,
      { orderId },
    );
    return data.capturePayment;
  }

  /** Voids an authorization or refunds a capture; null when the order has no payment to reverse. */
  async reversePayment(orderId: string): Promise<RemotePayment | null> {
    const data = await this.client.request<{ reversePayment: RemotePayment | null }>(
      `mutation Reverse($orderId: ID!) { reversePayment(orderId: $orderId) { ${PAYMENT_FIELDS} } }`,
      { orderId },
    );
    return data.reversePayment;
  }
}
