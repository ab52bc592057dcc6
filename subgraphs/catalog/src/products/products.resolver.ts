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
import type { RequestContext } from '@retail/common';
import { CatalogLoaders } from '../loaders/catalog-loaders';
import { Category } from '../categories/models/category.model';
import { Stock } from '../stock/models/stock.model';
import { CreateProductInput } from './dto/create-product.input';
import { ProductsArgs } from './dto/products.args';
import { ProductConnection } from './models/product-connection.model';
import { Product } from './models/product.model';
import { ProductsService } from './products.service';

@Resolver(() => Product)
export class ProductsResolver {
  constructor(
    private readonly productsService: ProductsService,
    private readonly loaders: CatalogLoaders,
  ) {}

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
  category(@Parent() product: Product, @Context() context: RequestContext): Promise<Category | null> | null {
    return product.categoryId ? this.loaders.of(context).categoryById.load(product.categoryId) : null;
  }

  @ResolveField(() => Stock)
  stock(@Parent() product: Product, @Context() context: RequestContext): Promise<Stock> {
    return this.loaders.of(context).stockByProductId.load(product.id);
  }

  /** `_entities` calls this once per representation; the loader turns a batch into one query. */
  @ResolveReference()
  resolveReference(
    reference: { __typename: 'Product'; id: string },
    context: RequestContext,
  ): Promise<Product | null> {
    return this.loaders.of(context).productById.load(reference.id);
  }
}
