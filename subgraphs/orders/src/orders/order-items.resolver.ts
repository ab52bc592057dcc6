import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { OrderItem } from './models/order-item.model';
import { Product } from './models/product.model';

/** Points order lines at the catalog's Product; the catalog resolves its other fields. */
@Resolver(() => OrderItem)
export class OrderItemsResolver {
  @ResolveField(() => Product)
  product(@Parent() item: OrderItem): Product & { __typename: 'Product' } {
    return { __typename: 'Product', id: item.product.id };
  }
}
