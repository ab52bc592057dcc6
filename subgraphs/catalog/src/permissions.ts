import type { IRules } from 'graphql-shield';
import { allow } from 'graphql-shield';

/** Who may call what in the catalog subgraph. */
export const catalogPermissions: IRules = {
  Query: {
    categories: allow,
  },
};
