import { Args, Directive, Mutation, Query, Resolver, ResolveReference } from '@nestjs/graphql';
import type { RequestContext } from '@retail/common';
import { CatalogLoaders } from '../loaders/catalog-loaders';
import { CategoriesService } from './categories.service';
import { CreateCategoryInput } from './dto/create-category.input';
import { Category } from './models/category.model';

@Resolver(() => Category)
export class CategoriesResolver {
  constructor(
    private readonly categoriesService: CategoriesService,
    private readonly loaders: CatalogLoaders,
  ) {}

  @Query(() => [Category], { description: 'Every category, by name. Public.' })
  // The whole list, unpaginated: a shop has tens of categories, not thousands.
  @Directive('@listSize(assumedSize: 50)')
  categories(): Promise<Category[]> {
    return this.categoriesService.list();
  }

  @Mutation(() => Category, { description: 'Admin only (FORBIDDEN otherwise). BAD_USER_INPUT when the slug is malformed or taken.' })
  @Directive('@requiresScopes(scopes: [["admin"]])')
  createCategory(@Args('input', { description: 'Slug and name of the new category.' }) input: CreateCategoryInput): Promise<Category> {
    return this.categoriesService.create(input);
  }

  /** `_entities` calls this once per representation; the loader turns a batch into one query. */
  @ResolveReference()
  resolveReference(
    reference: { __typename: 'Category'; id: string },
    context: RequestContext,
  ): Promise<Category | null> {
    return this.loaders.of(context).categoryById.load(reference.id);
  }
}
