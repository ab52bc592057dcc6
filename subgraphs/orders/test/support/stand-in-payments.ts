import { randomUUID } from 'node:crypto';
import type { AccessTokenVerifierOptions } from '@retail/common';
import { StandInSubgraph, type StandInContext } from './stand-in-server';

export interface StandInPayment {
  id: string;
  orderId: string;
  status: 'AUTHORIZED' | 'CAPTURED' | 'DECLINED' | 'VOIDED' | 'REFUNDED';
  declineReason: string | null;
  amount: { amount: number; currency: string };
}

interface AuthorizeInput {
  orderId: string;
  customerId: string;
  amount: number;
  currency: string;
  paymentToken: string;
}

const TYPE_DEFS = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])
  type Money @shareable { amount: Int! currency: String! }
  type Payment { id: ID! status: String! declineReason: String amount: Money! }
  input AuthorizePaymentInput { orderId: ID! customerId: ID! amount: Int! currency: String! paymentToken: String! }
  type Query { payment(orderId: ID!): Payment }
  type Mutation {
    authorizePayment(input: AuthorizePaymentInput!): Payment!
    capturePayment(orderId: ID!): Payment!
    reversePayment(orderId: ID!): Payment
  }
`;

/** How many times `tok_processingError` fails transiently before it approves, like the development gateway. */
const PROCESSING_ERROR_FAILURES = 2;

/**
 * Payments as the orders saga sees it, with the development gateway's test tokens: `tok_visa` approves,
 * `tok_chargeDeclined` declines, `tok_processingError` answers HTTP 503 twice then approves. Idempotent per
 * order; mutations need the `payments:write` scope.
 */
export class StandInPayments {
  readonly payments = new Map<string, StandInPayment>();
  readonly subgraph: StandInSubgraph;
  private readonly processingErrors = new Map<string, number>();

  constructor(verification: AccessTokenVerifierOptions) {
    const requireWriteScope = (context: StandInContext) => {
      if (context.principal?.kind !== 'service' || !context.principal.scopes.includes('payments:write')) {
        throw Object.assign(new Error('Scope payments:write required'), { extensions: { code: 'FORBIDDEN' } });
      }
    };
    this.subgraph = new StandInSubgraph(
      TYPE_DEFS,
      {
        Query: { payment: (_: unknown, { orderId }: { orderId: string }) => this.payments.get(orderId) ?? null },
        Mutation: {
          authorizePayment: (_: unknown, { input }: { input: AuthorizeInput }, context: StandInContext) => {
            requireWriteScope(context);
            return this.authorize(input);
          },
          capturePayment: (_: unknown, { orderId }: { orderId: string }, context: StandInContext) => {
            requireWriteScope(context);
            return this.capture(orderId);
          },
          reversePayment: (_: unknown, { orderId }: { orderId: string }, context: StandInContext) => {
            requireWriteScope(context);
            return this.reverse(orderId);
          },
        },
      },
      verification,
      'payments',
    );
  }

  get url(): string {
    return this.subgraph.url;
  }

  async start(): Promise<this> {
    await this.subgraph.start();
    return this;
  }

  private authorize(input: AuthorizeInput): StandInPayment {
    const existing = this.payments.get(input.orderId);
    if (existing) return existing;
    if (input.paymentToken === 'tok_processingError') {
      const failures = this.processingErrors.get(input.orderId) ?? 0;
      if (failures < PROCESSING_ERROR_FAILURES) {
        this.processingErrors.set(input.orderId, failures + 1);
        // The gateway timed out: an infrastructure failure, surfaced as an internal error.
        throw new Error('Payment gateway unavailable');
      }
    }
    const declined = input.paymentToken === 'tok_chargeDeclined';
    const payment: StandInPayment = {
      id: randomUUID(),
      orderId: input.orderId,
      status: declined ? 'DECLINED' : 'AUTHORIZED',
      declineReason: declined ? 'card declined' : null,
      amount: { amount: input.amount, currency: input.currency },
    };
    this.payments.set(input.orderId, payment);
    return payment;
  }

  private capture(orderId: string): StandInPayment {
    const payment = this.payments.get(orderId);
    if (!payment) throw Object.assign(new Error('No payment for this order'), { extensions: { code: 'NOT_FOUND' } });
    if (payment.status === 'AUTHORIZED') payment.status = 'CAPTURED';
    return payment;
  }

  private reverse(orderId: string): StandInPayment | null {
    const payment = this.payments.get(orderId);
    if (!payment) return null;
    if (payment.status === 'AUTHORIZED') payment.status = 'VOIDED';
    if (payment.status === 'CAPTURED') payment.status = 'REFUNDED';
    return payment;
  }
}
