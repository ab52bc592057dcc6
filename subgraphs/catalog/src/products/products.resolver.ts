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

  @Query(() => ProductConnection, { description: 'Products, a page at a time, optionally filtered. Public.' })
  // `first` sizes the page's edges (the connection itself is one object), as the cost estimate counts it.
  @Directive('@listSize(slicingArguments: ["first"], sizedFields: ["edges"])')
  products(@Args() args: ProductsArgs): Promise<ProductConnection> {
    return this.productsService.list(args);
  }

  @Query(() => Product, { nullable: true, description: 'One product by id. Public; NOT_FOUND when there is none, BAD_USER_INPUT for a malformed id.' })
  product(@Args('id', { type: () => ID, description: 'The product`s id.' }) id: string): Promise<Product> {
    return this.productsService.getById(id);
  }

  @Mutation(() => Product, {
    description: 'Admin only (FORBIDDEN otherwise). BAD_USER_INPUT for a malformed or taken SKU, a bad price or currency, an unknown category.',
  })
  @Directive('@requiresScopes(scopes: [["admin"]])')
  createProduct(@Args('input', { description: 'The new product.' }) input: CreateProductInput): Promise<Product> {
    return this.productsService.create(input);
  }

  @Mutation(() => Product, { description: 'Admin only (FORBIDDEN otherwise). Adds units to a product`s available stock.' })
  @Directive('@requiresScopes(scopes: [["admin"]])')
  restockProduct(
    @Args('productId', { type: () => ID, description: 'The product to restock.' }) productId: string,
    @Args('quantity', { type: () => Int, description: 'Units to add: 1 to 1,000,000.' }) quantity: number,
  ): Promise<Product> {
    return this.productsService.restock(productId, quantity);
  }

  @ResolveField(() => Category, { nullable: true, description: 'The category it belongs to; null when none.' })
  category(@Parent() product: Product, @Context() context: RequestContext): Promise<Category | null> | Category | null {
    if (product.preloaded) return product.preloaded.category;
    return product.categoryId ? this.loaders.of(context).categoryById.load(product.categoryId) : null;
  }

  @ResolveField(() => Stock, { description: 'How many units can be sold now.' })
  stock(@Parent() product: Product, @Context() context: RequestContext): Promise<Stock> | Stock {
    return product.preloaded?.stock ?? this.loaders.of(context).stockByProductId.load(product.id);
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
