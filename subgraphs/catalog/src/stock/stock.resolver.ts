import { Args, Directive, ID, Mutation, Resolver } from '@nestjs/graphql';
import { StockItemInput } from './dto/stock-item.input';
import { StockReservationResult } from './models/stock-reservation-result.model';
import { StockService } from './stock.service';

/** Stock reservations for the checkout saga. Service-only: hidden from the public supergraph. */
@Resolver(() => StockReservationResult)
export class StockResolver {
  constructor(private readonly stockService: StockService) {}

  @Mutation(() => StockReservationResult)
  @Directive('@inaccessible')
  reserveStock(
    @Args('orderId', { type: () => ID }) orderId: string,
    @Args('items', { type: () => [StockItemInput] }) items: StockItemInput[],
  ): Promise<StockReservationResult> {
    return this.stockService.reserve(orderId, items);
  }

  @Mutation(() => StockReservationResult)
  @Directive('@inaccessible')
  commitStock(@Args('orderId', { type: () => ID }) orderId: string): Promise<StockReservationResult> {
    return this.stockService.commit(orderId);
  }

  @Mutation(() => StockReservationResult)
  @Directive('@inaccessible')
  releaseStock(@Args('orderId', { type: () => ID }) orderId: string): Promise<StockReservationResult> {
    return this.stockService.release(orderId);
  }
}
