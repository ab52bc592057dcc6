import { ForbiddenError, hasServiceScope, isAdmin } from '@retail/common';
import { allow, rule, type IRules } from 'graphql-shield';

/** Stock reservations are for the checkout saga's service client only. */
export const STOCK_SCOPE = 'catalog:stock';

/** One instance: shield refuses two different rules with the same name. */
const canManageStock = hasServiceScope(STOCK_SCOPE);

/** Anything on Query or Mutation not listed below: refused, so a new operation is never public by accident. */
const notListed = rule('catalogNotListed', { cache: 'no_cache' })(() => new ForbiddenError('Operation not allowed'));

/** Who may call what in the catalog subgraph. Entity fields are public; `_entities` serves the gateway. */
export const catalogPermissions: IRules = {
  Query: {
    '*': notListed,
    categories: allow,
    products: allow,
    product: allow,
    _entities: allow,
    _service: allow,
  },
  Mutation: {
    '*': notListed,
    createCategory: isAdmin,
    createProduct: isAdmin,
    restockProduct: isAdmin,
    reserveStock: canManageStock,
    commitStock: canManageStock,
    releaseStock: canManageStock,
  },
};
