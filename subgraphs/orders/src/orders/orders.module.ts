import { Module } from '@nestjs/common';
import { RemoteModule } from '../remote/remote.module';
import { OrderItemsResolver } from './order-items.resolver';
import { OrdersResolver } from './orders.resolver';
import { OrdersService } from './orders.service';
import { UsersResolver } from './users.resolver';

@Module({
  imports: [RemoteModule],
  providers: [OrdersResolver, UsersResolver, OrderItemsResolver, OrdersService],
})
export class OrdersModule {}
