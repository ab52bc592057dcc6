import {
  Kind,
  TypeInfo,
  getNamedType,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import { ForbiddenError, UnauthenticatedError, type Principal } from '@retail/common';
import type { SchemaAuthRequirements } from './schema-auth-requirements';

/** The scopes a caller holds: a service's granted scopes; `admin` for an administrator. */
export function scopesOf(principal: Principal | undefined): ReadonlySet<string> {
  if (!principal) return new Set();
  if (principal.kind === 'service') return new Set(principal.scopes);
  return new Set(principal.role === 'ADMIN' ? ['admin'] : []);
}

/**
 * Checks one operation of `document` against the schema's `@authenticated` / `@requiresScopes` fields,
 * following its fragments. Throws UNAUTHENTICATED when such a field is selected without a verified caller,
 * FORBIDDEN when the caller lacks every accepted set of scopes.
 */
export function assertOperationAuthorized(
  requirements: SchemaAuthRequirements,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  principal: Principal | undefined,
): void {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const scopes = scopesOf(principal);
  const visited = new Set<string>();
  const pending: ASTNode[] = [operation];
  while (pending.length > 0) {
    const typeInfo = new TypeInfo(requirements.schema);
    visit(
      pending.pop()!,
      visitWithTypeInfo(typeInfo, {
        FragmentSpread(spread) {
          const fragment = fragments.get(spread.name.value);
          if (fragment && !visited.has(fragment.name.value)) {
            visited.add(fragment.name.value);
            pending.push(fragment);
          }
        },
        Field(field) {
          const parent = typeInfo.getParentType();
          const type = typeInfo.getType();
          if (!parent || !type) return;
          const requirement = requirements.requirementFor(parent.name, field.name.value, getNamedType(type).name);
          if (!requirement) return;
          const coordinate = `${parent.name}.${field.name.value}`;
          if (!principal) throw new UnauthenticatedError(`Authentication required for ${coordinate}`);
          const satisfied =
            requirement.scopeSets.length === 0 || requirement.scopeSets.some((set) => set.every((scope) => scopes.has(scope)));
          if (!satisfied) {
            const needed = requirement.scopeSets.map((set) => set.join(' and ')).join(' or ');
            throw new ForbiddenError(`${coordinate} requires scope ${needed}`);
          }
        },
      }),
    );
  }
}
