import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { ReservationStatus } from './reservation-status.enum';

/** What the checkout saga gets back from reserveStock, commitStock and releaseStock. */
@ObjectType()
@Directive('@inaccessible')
export class StockReservationResult {
  @Field(() => ID)
  orderId!: string;

  @Field(() => ReservationStatus)
  status!: ReservationStatus;

  /** Why a reservation was REJECTED. */
  @Field(() => String, { nullable: true })
  reason!: string | null;
}
