import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Order } from '../../orders/models/order.model';

/** Where a checkout saga stands, as operators see it. */
export enum CheckoutSagaStatus {
  RUNNING = 'RUNNING',
  NEEDS_ATTENTION = 'NEEDS_ATTENTION',
  DONE = 'DONE',
}

registerEnumType(CheckoutSagaStatus, {
  name: 'CheckoutSagaStatus',
  description: 'Whether a checkout saga is running, stopped for an operator, or finished.',
  valuesMap: {
    RUNNING: { description: 'Steps are running or being retried.' },
    NEEDS_ATTENTION: {
      description:
        'Parked: a compensation ran out of attempts, or a step met an error no retry fixes. An operator retries it.',
    },
    DONE: { description: 'Finished: the order is CONFIRMED or CANCELLED.' },
  },
});

/** The GraphQL `CheckoutSaga` (the class name keeps clear of the Prisma row type of the same name). */
@ObjectType('CheckoutSaga', {
  description: 'The checkout saga of one order: its current step and how that step is doing. For operators.',
})
export class CheckoutSagaView {
  @Field(() => ID, { description: 'The id of the order this saga checks out.' })
  orderId!: string;

  @Field(() => Order, { description: 'The order this saga checks out.' })
  order!: Order;

  @Field(() => CheckoutSagaStatus, { description: 'Running, needing attention, or done.' })
  status!: CheckoutSagaStatus;

  @Field({ description: 'The step the saga runs next, e.g. AUTHORIZE_PAYMENT or RELEASE_STOCK; DONE once finished.' })
  step!: string;

  @Field({ description: 'True while the saga undoes its steps (the order is CANCELLING).' })
  compensating!: boolean;

  @Field(() => Int, { description: 'Failed attempts of the current step.' })
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'The last error of the current step.' })
  lastError!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the saga was parked (NEEDS_ATTENTION); null otherwise.' })
  parkedAt!: Date | null;

  @Field({ description: 'When the current step became due.' })
  stepStartedAt!: Date;
}
