import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PaymentEventType } from '../payment-events';

/** The GraphQL enum's values are the stored event names, which clients saw as strings before. */
const PAYMENT_EVENT_TYPES = Object.fromEntries(Object.values(PaymentEventType).map((type) => [type, type])) as {
  [T in PaymentEventType]: T;
};

registerEnumType(PAYMENT_EVENT_TYPES, {
  name: 'PaymentEventType',
  description: 'What happened to a payment; each event moves it to the PaymentStatus its name says.',
  valuesMap: {
    PAYMENT_REQUESTED: { description: 'The payment provider was asked to authorize the amount: PENDING.' },
    PAYMENT_AUTHORIZED: { description: 'The provider authorized the amount: AUTHORIZED.' },
    PAYMENT_DECLINED: { description: 'The provider declined the card: DECLINED, with a declineReason.' },
    PAYMENT_CAPTURED: { description: 'The authorized amount was captured (charged): CAPTURED.' },
    PAYMENT_VOIDED: { description: 'An authorization was released before capture: VOIDED.' },
    PAYMENT_REFUNDED: { description: 'A captured amount was paid back: REFUNDED.' },
  },
});

@ObjectType({ description: 'One entry of a payment`s history. Entries are never changed or removed.' })
export class PaymentEvent {
  @Field(() => PAYMENT_EVENT_TYPES, { description: 'What happened.' })
  type!: PaymentEventType;

  @Field({ description: 'When it happened (UTC).' })
  at!: Date;
}
