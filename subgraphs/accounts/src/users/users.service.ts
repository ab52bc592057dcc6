import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { PerRequest, requireUser, UnauthenticatedError, type RequestContext } from '@retail/common';
import { PrismaService } from '../prisma/prisma.service';
import { assertCanReadUser } from './user-access';
import { USER_FIELDS } from './user-fields';
import type { User } from './models/user.model';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class UsersService {
  // Batches the `_entities` representations of a request.
  private readonly loaders = new PerRequest(() => new DataLoader<string, User | null>((ids) => this.findByIds(ids)));

  constructor(private readonly prisma: PrismaService) {}

  /** The signed-in user. UNAUTHENTICATED without a user token or when the account no longer exists. */
  async me(context: RequestContext): Promise<User> {
    const { userId } = requireUser(context);
    const [user] = await this.findByIds([userId]);
    if (!user) throw new UnauthenticatedError('Account no longer exists');
    return user;
  }

  /**
   * A user referenced by another subgraph (`_entities`), or null when there is no such user. Checks access
   * here because shield does not see entity references. Batched: one query per request's representations.
   */
  async resolveReference(id: string, context: RequestContext): Promise<User | null> {
    assertCanReadUser(context, id);
    return this.loaders.of(context).load(id);
  }

  /** Users by id in one query, in the order of `ids` (null where unknown). */
  async findByIds(ids: readonly string[]): Promise<(User | null)[]> {
    // Not-a-UUID ids cannot exist, and PostgreSQL would reject them in a uuid comparison.
    const valid = [...new Set(ids.filter((id) => UUID.test(id)))];
    const users = valid.length
      ? await this.prisma.user.findMany({ where: { id: { in: valid } }, select: USER_FIELDS })
      : [];
    const byId = new Map(users.map((user) => [user.id, user]));
    return ids.map((id) => byId.get(id) ?? null);
  }
}
