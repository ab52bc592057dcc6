import {
  Args,
  Context,
  Directive,
  ID,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
  ResolveReference,
} from '@nestjs/graphql';
import type { CatalogContext } from '../catalog-context';
import { Category } from '../categories/models/category.model';
import { Stock } from '../stock/models/stock.model';
import { CreateProductInput } from './dto/create-product.input';
import { ProductsArgs } from './dto/products.args';
import { ProductConnection } from './models/product-connection.model';
import { Product } from './models/product.model';
import { ProductsService } from './products.service';

@Resolver(() => Product)
export class ProductsResolver {
  constructor(private readonly productsService: ProductsService) {}

  @Query(() => ProductConnection)
  products(@Args() args: ProductsArgs): Promise<ProductConnection> {
    return this.productsService.list(args);
  }

  @Query(() => Product, { nullable: true })
  product(@Args('id', { type: () => ID }) id: string): Promise<Product> {
    return this.productsService.getById(id);
  }

  @Mutation(() => Product)
  @Directive('@requiresScopes(scopes: [["admin"]])')
  createProduct(@Args('input') input: CreateProductInput): Promise<Product> {
    return this.productsService.create(input);
  }

  @Mutation(() => Product)
  @Directive('@requiresScopes(scopes: [["admin"]])')
  restockProduct(
    @Args('productId', { type: () => ID }) productId: string,
    @Args('quantity', { type: () => Int }) quantity: number,
  ): Promise<Product> {
    return this.productsService.restock(productId, quantity);
  }

  @ResolveField(() => Category, { nullable: true })
  category(@Parent() product: Product, @Context() context: CatalogContext): Promise<Category | null> | null {
    return product.categoryId ? context.loaders.categoryById.load(product.categoryId) : null;
  }

  @ResolveField(() => Stock)
  stock(@Parent() product: Product, @Context() context: CatalogContext): Promise<Stock> {
    return context.loaders.stockByProductId.load(product.id);
  }

  /** `_entities` calls this once per representation; the loader turns a batch into one query. */
  @ResolveReference()
  resolveReference(
    reference: { __typename: 'Product'; id: string },
    context: CatalogContext,
  ): Promise<Product | null> {
    return context.loaders.productById.load(reference.id);
  }
}
