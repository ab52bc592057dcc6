import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  canAccessOwnedBy,
  type RequestContext,
} from '@retail/common';
import type { Payment as PaymentRow } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { PAYMENT_GATEWAY, type PaymentGateway, type PaymentGatewayResult } from '../payment-gateway/payment-gateway';
import type { AuthorizePaymentInput } from './dto/authorize-payment.input';
import type { Payment } from './models/payment.model';
import type { PaymentEvent } from './models/payment-event.model';
import { PaymentEventType } from './payment-events';
import { PaymentLedger } from './payment-ledger';
import { PaymentStatus, assertTransition, canTransition } from './payment-status';
import { PaymentsLoader } from './payments.loader';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURRENCY = /^[A-Z]{3}$/;
const MAX_PAYMENT_TOKEN_LENGTH = 255;

/** What the PAYMENT_REQUESTED event keeps, so a PENDING payment can be resolved with the very same request. */
interface PaymentRequestData {
  amount: number;
  currency: string;
  paymentToken: string;
}

@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    private readonly prisma: PrismaService,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    private readonly loader: PaymentsLoader,
    private readonly ledger: PaymentLedger,
  ) {}

  /**
   * Authorizes an order's payment with the gateway; the checkout saga's payment step. Idempotent per order:
   * a payment that already exists is returned as it is, except a PENDING one (a previous attempt whose
   * outcome is unknown), which is resolved by asking the gateway again with the same idempotency key.
   * A decline is a normal result (status DECLINED). Throws PaymentGatewayUnavailableError when the gateway
   * keeps failing; the payment then stays PENDING for the next attempt.
   */
  async authorize(input: AuthorizePaymentInput): Promise<Payment> {
    validateAuthorizeInput(input);
    const request: PaymentRequestData = { amount: input.amount, currency: input.currency, paymentToken: input.paymentToken };
    // Recorded first, read only if it was there already: a first attempt, the common case, reads nothing.
    const created = await this.createPending(input, request);
    const payment = created ?? (await this.prisma.payment.findUniqueOrThrow({ where: { orderId: input.orderId } }));
    if (payment.customerId !== input.customerId || payment.amount !== input.amount || payment.currency !== input.currency) {
      this.logger.warn(`authorizePayment for order ${input.orderId} repeated with different details; keeping the first`);
    }
    if (payment.status !== PaymentStatus.PENDING) return toPaymentModel(payment);
    // A payment created just now is resolved with the request in hand; an older PENDING one with the request it recorded.
    return toPaymentModel(await this.resolvePending(payment, created ? request : undefined));
  }

  /**
   * Captures an order's authorized payment; the saga's last step once the order is confirmed. Repeating it
   * on a CAPTURED payment returns it unchanged. NOT_FOUND without a payment, CONFLICT in any other status.
   */
  async capture(orderId: string): Promise<Payment> {
    const payment = await this.prisma.payment.findUnique({ where: { orderId } });
    if (!payment) throw new NotFoundError('Payment of order', orderId);
    if (payment.status === PaymentStatus.CAPTURED) return toPaymentModel(payment);
    if (!canTransition(payment.status, PaymentStatus.CAPTURED)) {
      throw new ConflictError(`The payment of order ${orderId} is ${payment.status} and cannot be captured`);
    }
    const result = await this.gateway.capture({ orderId, providerPaymentId: providerIdOf(payment) });
    return toPaymentModel(await this.applyOperationResult(payment, PaymentStatus.CAPTURED, result));
  }

  /**
   * Undoes an order's payment; the saga's compensation and order cancellation. AUTHORIZED is voided,
   * CAPTURED refunded, PENDING first resolved with the gateway (then voided if it was authorized); a
   * DECLINED, VOIDED or REFUNDED payment is returned as it is, and an order without a payment gives null.
   */
  async reverse(orderId: string): Promise<Payment | null> {
    let payment = await this.prisma.payment.findUnique({ where: { orderId } });
    if (!payment) return null;
    if (payment.status === PaymentStatus.PENDING) payment = await this.resolvePending(payment);
    if (payment.status === PaymentStatus.AUTHORIZED) {
      const result = await this.gateway.void({ orderId, providerPaymentId: providerIdOf(payment) });
      payment = await this.applyOperationResult(payment, PaymentStatus.VOIDED, result);
    } else if (payment.status === PaymentStatus.CAPTURED) {
      const result = await this.gateway.refund({ orderId, providerPaymentId: providerIdOf(payment) });
      payment = await this.applyOperationResult(payment, PaymentStatus.REFUNDED, result);
    }
    return toPaymentModel(payment);
  }

  /**
   * A payment for an entity reference (`_entities`), batched per request. Null when there is no such
   * payment; UNAUTHENTICATED / FORBIDDEN unless the caller is its customer, an admin or a service.
   */
  async findForReference(id: string, context: RequestContext): Promise<Payment | null> {
    const payment = await this.loader.forRequest(context).byId.load(id);
    return payment && this.visibleTo(payment, context);
  }

  /**
   * The payment of an order (`Order.payment`), batched per request. Null while the order has none;
   * FORBIDDEN when it exists but belongs to another customer.
   */
  async findForOrder(orderId: string, context: RequestContext): Promise<Payment | null> {
    const payment = await this.loader.forRequest(context).byOrderId.load(orderId);
    return payment && this.visibleTo(payment, context);
  }

  /** A payment's history, oldest first; only called for a payment the caller was allowed to load. */
  history(paymentId: string, context: RequestContext): Promise<PaymentEvent[]> {
    return this.loader.forRequest(context).historyByPaymentId.load(paymentId);
  }

  private visibleTo(payment: PaymentRow, context: RequestContext): Payment {
    if (!context.principal) throw new UnauthenticatedError(context.tokenError);
    if (!canAccessOwnedBy(context, payment.customerId)) throw new ForbiddenError('This payment belongs to another customer');
    return toPaymentModel(payment);
  }

  /**
   * Creates the PENDING payment and its PAYMENT_REQUESTED event. Null when the order has a payment already (an
   * earlier attempt, or a concurrent call that got there first).
   */
  private async createPending(input: AuthorizePaymentInput, request: PaymentRequestData): Promise<PaymentRow | null> {
    const id = randomUUID();
    const now = new Date();
    const created = await this.ledger.createPending({
      id,
      orderId: input.orderId,
      customerId: input.customerId,
      amount: input.amount,
      currency: input.currency,
      createdAt: now,
      request,
    });
    if (!created) return null;
    return {
      id,
      orderId: input.orderId,
      customerId: input.customerId,
      amount: input.amount,
      currency: input.currency,
      status: PaymentStatus.PENDING,
      providerPaymentId: null,
      declineReason: null,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** Asks the gateway (again) to authorize a PENDING payment, with the request first recorded for it. */
  private async resolvePending(payment: PaymentRow, requestInHand?: PaymentRequestData): Promise<PaymentRow> {
    const request = requestInHand ?? (await this.recordedRequest(payment));
    const result = await this.gateway.authorize({
      orderId: payment.orderId,
      amount: request.amount,
      currency: request.currency,
      paymentToken: request.paymentToken,
    });
    if (result.outcome === 'approved') {
      return this.transition(payment, PaymentStatus.AUTHORIZED, { providerPaymentId: result.providerPaymentId }, {
        providerPaymentId: result.providerPaymentId,
      });
    }
    return this.transition(payment, PaymentStatus.DECLINED, { declineReason: result.reason }, {
      reason: result.reason,
      message: result.message ?? null,
    });
  }

  /** Records a capture, void or refund the gateway performed; a refusal means our state and its disagree. */
  private applyOperationResult(payment: PaymentRow, to: PaymentStatus, result: PaymentGatewayResult): Promise<PaymentRow> {
    if (result.outcome === 'declined') {
      throw new ConflictError(
        `The payment gateway refused to move the payment of order ${payment.orderId} to ${to}: ${result.reason}`,
      );
    }
    return this.transition(payment, to, {}, { providerPaymentId: result.providerPaymentId });
  }

  /**
   * Moves a payment from its current status to `to` and appends the matching event (PaymentLedger.move).
   * The update only applies if the status is still the one read: when a concurrent call got there first,
   * its result stands and is returned.
   */
  private async transition(
    payment: PaymentRow,
    to: PaymentStatus,
    changes: { providerPaymentId?: string; declineReason?: string },
    eventData: Record<string, string | null>,
  ): Promise<PaymentRow> {
    assertTransition(payment.status, to);
    const moved = await this.ledger.move({ paymentId: payment.id, from: payment.status, to, changes, eventData });
    if (moved) return { ...payment, ...changes, status: to, updatedAt: new Date() };
    const current = await this.prisma.payment.findUniqueOrThrow({ where: { id: payment.id } });
    this.logger.warn(`Payment ${payment.id} was moved to ${current.status} concurrently (wanted ${to})`);
    return current;
  }

  /** The request a PENDING payment recorded in its PAYMENT_REQUESTED event. */
  private async recordedRequest(payment: PaymentRow): Promise<PaymentRequestData> {
    const requested = await this.prisma.paymentEvent.findFirstOrThrow({
      where: { paymentId: payment.id, type: PaymentEventType.REQUESTED },
      select: { data: true },
    });
    return requested.data as unknown as PaymentRequestData;
  }
}

function validateAuthorizeInput(input: AuthorizePaymentInput): void {
  const problems: Record<string, string> = {};
  if (!UUID.test(input.orderId)) problems.orderId = 'must be a UUID';
  if (!UUID.test(input.customerId)) problems.customerId = 'must be a UUID';
  if (!Number.isInteger(input.amount) || input.amount <= 0) problems.amount = 'must be a positive number of minor units';
  if (!CURRENCY.test(input.currency)) problems.currency = 'must be a three-letter ISO 4217 code in capitals';
  if (input.paymentToken.trim() === '' || input.paymentToken.length > MAX_PAYMENT_TOKEN_LENGTH) {
    problems.paymentToken = `must be 1 to ${MAX_PAYMENT_TOKEN_LENGTH} characters`;
  }
  const fields = Object.keys(problems);
  if (fields.length > 0) {
    throw new BadUserInputError(`Invalid payment: ${fields.map((field) => `${field} ${problems[field]}`).join('; ')}`, {
      fields: problems,
    });
  }
}

function providerIdOf(payment: PaymentRow): string {
  if (!payment.providerPaymentId) throw new Error(`Payment ${payment.id} is ${payment.status} without a provider id`);
  return payment.providerPaymentId;
}

function toPaymentModel(row: PaymentRow): Payment {
  return {
    id: row.id,
    orderId: row.orderId,
    customerId: row.customerId,
    status: row.status,
    amount: { amount: row.amount, currency: row.currency },
    declineReason: row.declineReason,
    createdAt: row.createdAt,
  };
}
