import { Module } from '@nestjs/common';
import { CategoriesModule } from '../categories/categories.module';
import { ProductsModule } from '../products/products.module';
import { StockModule } from '../stock/stock.module';
import { CatalogLoadersFactory } from './catalog-loaders.factory';

@Module({
  imports: [ProductsModule, CategoriesModule, StockModule],
  providers: [CatalogLoadersFactory],
  exports: [CatalogLoadersFactory],
})
export class LoadersModule {}
