import { Global, Module } from '@nestjs/common';
import { CategoriesModule } from '../categories/categories.module';
import { ProductsModule } from '../products/products.module';
import { StockModule } from '../stock/stock.module';
import { CatalogLoaders } from './catalog-loaders';

/** Global so the resolvers of the modules it draws on can use it without an import cycle. */
@Global()
@Module({
  imports: [ProductsModule, CategoriesModule, StockModule],
  providers: [CatalogLoaders],
  exports: [CatalogLoaders],
})
export class LoadersModule {}
