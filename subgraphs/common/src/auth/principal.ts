import type { SubgraphName } from '../config/topology';

/** Who is making a request, as proven by a verified access token. */
export type UserRole = 'CUSTOMER' | 'ADMIN';

export interface UserPrincipal {
  kind: 'user';
  userId: string;
  role: UserRole;
}

/** A registered service client (the gateway, the saga workers) holding an OAuth2 client-credentials token. */
export interface ServicePrincipal {
  kind: 'service';
  clientId: string;
  scopes: string[];
}

export type Principal = UserPrincipal | ServicePrincipal;

/** The JWT claims the accounts service signs and every other service verifies. */
export const TOKEN_ISSUER_DEFAULT = 'retail-accounts';
export const TOKEN_AUDIENCE_DEFAULT = 'retail-api';
export const TOKEN_ALGORITHM = 'ES256';

/** Service tokens are issued for one subgraph at a time: their `aud` names it. */
export const SERVICE_AUDIENCE_PREFIX = 'retail-';

/** The audience of service tokens meant for `subgraph`, e.g. `retail-catalog`. */
export function serviceAudience(subgraph: SubgraphName): string {
  return `${SERVICE_AUDIENCE_PREFIX}${subgraph}`;
}
