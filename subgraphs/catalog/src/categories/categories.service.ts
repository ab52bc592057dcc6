import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';
import type { Category } from './models/category.model';

@Injectable()
export class CategoriesService {
  constructor(private readonly prisma: PrismaService) {}

  /** Every category, by name. The list is short: no pagination. */
  list(): Promise<Category[]> {
    return this.prisma.category.findMany({ orderBy: { name: 'asc' }, select: { id: true, slug: true, name: true } });
  }
}
