import { Module } from '@nestjs/common';
import { RemoteModule } from '../remote/remote.module';
import { OrderItemsResolver } from './order-items.resolver';
import { OrderStatusResolver } from './order-status.resolver';
import { OrdersResolver } from './orders.resolver';
import { OrdersService } from './orders.service';
import { UsersResolver } from './users.resolver';

@Module({
  imports: [RemoteModule],
  providers: [OrdersResolver, OrderStatusResolver, UsersResolver, OrderItemsResolver, OrdersService],
})
export class OrdersModule {}
