import { Injectable } from '@nestjs/common';
import { BadUserInputError, isUniqueViolation } from '@retail/common';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { isUuid, requireText } from '../validation';
import type { CreateCategoryInput } from './dto/create-category.input';
import type { Category } from './models/category.model';

const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_SLUG_LENGTH = 64;
const CATEGORY_SELECT = { id: true, slug: true, name: true } satisfies Prisma.CategorySelect;

@Injectable()
export class CategoriesService {
  constructor(private readonly prisma: PrismaService) {}

  /** Every category, by name. The list is short: no pagination. */
  list(): Promise<Category[]> {
    return this.prisma.category.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }], select: CATEGORY_SELECT });
  }

  /**
   * Many categories in one query, in the order of `ids` (null where unknown). For the per-request DataLoader
   * behind `Product.category` and entity references.
   */
  async findByIds(ids: readonly string[]): Promise<(Category | null)[]> {
    const valid = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
    const rows = valid.length
      ? await this.prisma.category.findMany({ where: { id: { in: valid } }, select: CATEGORY_SELECT })
      : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
  }

  /** Adds a category (admin). BAD_USER_INPUT for a malformed or already used slug. */
  async create(input: CreateCategoryInput): Promise<Category> {
    const slug = input.slug.trim();
    if (slug.length > MAX_SLUG_LENGTH || !SLUG_PATTERN.test(slug)) {
      throw new BadUserInputError(
        `slug must be at most ${MAX_SLUG_LENGTH} characters of lower-case letters and digits in dash-separated words`,
        { field: 'slug' },
      );
    }
    const name = requireText(input.name, 'name', 100);
    if (await this.prisma.category.findUnique({ where: { slug }, select: { id: true } })) throw duplicateSlug(slug);
    try {
      return await this.prisma.category.create({ data: { slug, name }, select: CATEGORY_SELECT });
    } catch (error) {
      // Another admin created the same slug between the check and the insert.
      if (isUniqueViolation(error)) throw duplicateSlug(slug);
      throw error;
    }
  }
}

function duplicateSlug(slug: string): BadUserInputError {
  return new BadUserInputError(`A category with slug ${slug} already exists`, { field: 'slug' });
}
