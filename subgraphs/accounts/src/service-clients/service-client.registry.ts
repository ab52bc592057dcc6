import type { SubgraphName } from '@retail/common';

/**
 * The services allowed to get OAuth2 client-credentials tokens, the subgraphs (audiences) each may call and
 * the scopes each may hold. Secrets are not here: they come from config (`<CLIENT_ID>_CLIENT_SECRET`).
 */
export interface ServiceClientDefinition {
  clientId: string;
  audiences: readonly SubgraphName[];
  scopes: readonly string[];
}

export const SERVICE_CLIENTS: readonly ServiceClientDefinition[] = [
  // The gateway acts only for end users (their token travels with each call), never with rights of its own.
  { clientId: 'gateway', audiences: ['accounts', 'catalog', 'orders', 'payments'], scopes: [] },
  {
    clientId: 'orders',
    audiences: ['catalog', 'payments', 'accounts'],
    scopes: ['catalog:read', 'catalog:stock', 'payments:write', 'accounts:read'],
  },
];

/** The scope a service client needs to read users (e.g. `Order.customer` through `_entities`). */
export const ACCOUNTS_READ_SCOPE = 'accounts:read';

export function findServiceClient(clientId: string): ServiceClientDefinition | undefined {
  return SERVICE_CLIENTS.find((client) => client.clientId === clientId);
}
