import { Kind, parse, print, type ConstDirectiveNode, type DocumentNode } from 'graphql';

/** The `for: SECURITY` features `authorizationPlugin` enforces. */
export const ENFORCED_SECURITY_FEATURES = [
  'https://specs.apollo.dev/authenticated/',
  'https://specs.apollo.dev/requiresScopes/',
] as const;

/**
 * The supergraph as `@apollo/gateway` can load it. The gateway refuses any `for: SECURITY` feature it does
 * not implement, which includes `@authenticated` and `@requiresScopes`; `authorizationPlugin` implements
 * them, so their links lose `for: SECURITY` here. Only pass the result to a gateway that runs that plugin.
 */
export function gatewayLoadableSupergraph(supergraphSdl: string): string {
  const document = parse(supergraphSdl);
  let changed = false;
  const definitions = document.definitions.map((definition) => {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) return definition;
    const directives = definition.directives?.map((directive): ConstDirectiveNode => {
      if (!isEnforcedSecurityLink(directive)) return directive;
      changed = true;
      return { ...directive, arguments: directive.arguments?.filter((arg) => arg.name.value !== 'for') };
    });
    return { ...definition, directives };
  });
  return changed ? print({ ...document, definitions } as DocumentNode) : supergraphSdl;
}

function isEnforcedSecurityLink(directive: ConstDirectiveNode): boolean {
  if (directive.name.value !== 'link') return false;
  const url = directive.arguments?.find((arg) => arg.name.value === 'url')?.value;
  if (url?.kind !== Kind.STRING) return false;
  return ENFORCED_SECURITY_FEATURES.some((prefix) => url.value.startsWith(prefix));
}
