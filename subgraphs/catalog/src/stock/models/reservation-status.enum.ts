import { registerEnumType } from '@nestjs/graphql';

/** Outcome of a stock operation. REJECTED is never stored: a rejected reservation writes nothing. */
export enum ReservationStatus {
  RESERVED = 'RESERVED',
  COMMITTED = 'COMMITTED',
  RELEASED = 'RELEASED',
  REJECTED = 'REJECTED',
}

registerEnumType(ReservationStatus, { name: 'ReservationStatus', directives: ['@inaccessible'] });
