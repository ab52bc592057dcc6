/**
 * The services allowed to get OAuth2 client-credentials tokens, and the scopes each may hold. Secrets are
 * not here: they come from config (`<CLIENT_ID>_CLIENT_SECRET`).
 */
export interface ServiceClientDefinition {
  clientId: string;
  scopes: readonly string[];
}

export const SERVICE_CLIENTS: readonly ServiceClientDefinition[] = [
  { clientId: 'gateway', scopes: ['accounts:read'] },
  { clientId: 'orders', scopes: ['catalog:read', 'catalog:stock', 'payments:write', 'accounts:read'] },
];

/** The scope a service client needs to read users (e.g. `Order.customer` through `_entities`). */
export const ACCOUNTS_READ_SCOPE = 'accounts:read';

export function findServiceClient(clientId: string): ServiceClientDefinition | undefined {
  return SERVICE_CLIENTS.find((client) => client.clientId === clientId);
}
