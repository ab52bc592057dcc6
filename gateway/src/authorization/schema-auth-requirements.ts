import {
  Kind,
  buildASTSchema,
  isTypeDefinitionNode,
  isTypeExtensionNode,
  parse,
  valueFromASTUntyped,
  type DirectiveNode,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

/** What the schema demands of the caller before a field (or anything of a type) may be selected. */
export interface AuthRequirement {
  authenticated: boolean;
  /** `@requiresScopes`: any one of these sets, each needed in full. Empty when no scopes are required. */
  scopeSets: string[][];
}

/**
 * The `@authenticated` and `@requiresScopes` directives of a composed supergraph, by `Type.field` and by
 * type. The free Apollo Gateway ignores them; `AuthorizationPlugin` enforces them.
 */
export class SchemaAuthRequirements {
  private constructor(
    /** The supergraph as a graphql-js schema: a superset of the API schema, so operations can be walked on it. */
    readonly schema: GraphQLSchema,
    private readonly fields: ReadonlyMap<string, AuthRequirement>,
    private readonly types: ReadonlyMap<string, AuthRequirement>,
  ) {}

  static fromSupergraph(supergraphSdl: string): SchemaAuthRequirements {
    const document = parse(supergraphSdl);
    const names = linkedDirectiveNames(document);
    const fields = new Map<string, AuthRequirement>();
    const types = new Map<string, AuthRequirement>();
    for (const definition of document.definitions) {
      if (!isTypeDefinitionNode(definition) && !isTypeExtensionNode(definition)) continue;
      const typeName = definition.name.value;
      const own = requirementOf(definition.directives, names);
      if (own) types.set(typeName, own);
      if (!('fields' in definition) || !definition.fields) continue;
      for (const field of definition.fields) {
        const requirement = requirementOf(field.directives, names);
        if (requirement) fields.set(`${typeName}.${field.name.value}`, requirement);
      }
    }
    const schema = buildASTSchema(document, { assumeValid: true, assumeValidSDL: true });
    return new SchemaAuthRequirements(schema, fields, types);
  }

  /** The requirement of selecting `typeName.fieldName` (returning `returnTypeName`), if there is one. */
  requirementFor(typeName: string, fieldName: string, returnTypeName: string): AuthRequirement | undefined {
    return merge([this.fields.get(`${typeName}.${fieldName}`), this.types.get(typeName), this.types.get(returnTypeName)]);
  }

  /** True when the supergraph declares no requirement at all (nothing to enforce). */
  get isEmpty(): boolean {
    return this.fields.size === 0 && this.types.size === 0;
  }
}

interface DirectiveNames {
  authenticated: string;
  requiresScopes: string;
}

/** The names the supergraph's `@link`s give the authorization directives (`as:` may rename them). */
function linkedDirectiveNames(document: DocumentNode): DirectiveNames {
  const names: DirectiveNames = { authenticated: 'authenticated', requiresScopes: 'requiresScopes' };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== 'link') continue;
      const url = argument(directive, 'url');
      const as = argument(directive, 'as');
      if (typeof url !== 'string' || typeof as !== 'string') continue;
      if (/\/authenticated\/v[\d.]+$/.test(url)) names.authenticated = as;
      if (/\/requiresScopes\/v[\d.]+$/.test(url)) names.requiresScopes = as;
    }
  }
  return names;
}

function requirementOf(
  directives: readonly DirectiveNode[] | undefined,
  names: DirectiveNames,
): AuthRequirement | undefined {
  let requirement: AuthRequirement | undefined;
  for (const directive of directives ?? []) {
    if (directive.name.value === names.authenticated) {
      requirement = { authenticated: true, scopeSets: requirement?.scopeSets ?? [] };
    } else if (directive.name.value === names.requiresScopes) {
      const scopes = argument(directive, 'scopes');
      const scopeSets = Array.isArray(scopes) ? scopes.map((set) => (Array.isArray(set) ? set.map(String) : [String(set)])) : [];
      requirement = { authenticated: true, scopeSets };
    }
  }
  return requirement;
}

function argument(directive: DirectiveNode, name: string): unknown {
  const node = directive.arguments?.find((arg) => arg.name.value === name);
  return node ? valueFromASTUntyped(node.value) : undefined;
}

/** Every requirement at once: authenticated if any says so, and each `@requiresScopes` satisfied. */
function merge(requirements: (AuthRequirement | undefined)[]): AuthRequirement | undefined {
  const present = requirements.filter((requirement): requirement is AuthRequirement => requirement !== undefined);
  if (present.length === 0) return undefined;
  return {
    authenticated: present.some((requirement) => requirement.authenticated),
    scopeSets: present.reduce<string[][]>((all, requirement) => {
      if (requirement.scopeSets.length === 0) return all;
      if (all.length === 0) return requirement.scopeSets;
      // Both must hold: every combination of one set from each.
      return all.flatMap((left) => requirement.scopeSets.map((right) => [...new Set([...left, ...right])]));
    }, []),
  };
}
