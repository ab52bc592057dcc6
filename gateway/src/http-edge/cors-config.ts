import type { EnvReader } from '@retail/common';

/**
 * Origins a browser app may call the gateway from when CORS_ORIGINS is not set, in development only: the usual
 * local dev servers (Vite's dev server and preview, Create React App / Next.js) and Apollo Studio's hosted
 * Sandbox and embedded explorers. Production allows no origin unless configured.
 */
export const DEVELOPMENT_CORS_ORIGINS: readonly string[] = [
  'http://localhost:5173',
  'http://127.0.0.1:5173',
  'http://localhost:4173',
  'http://127.0.0.1:4173',
  'http://localhost:3000',
  'http://127.0.0.1:3000',
  'https://studio.apollographql.com',
  'https://sandbox.embed.apollographql.com',
  'https://explorer.embed.apollographql.com',
];

export interface CorsConfig {
  /** Exact origins (scheme, host and port, no path) whose pages may call the API. */
  allowedOrigins: string[];
}

/** `CORS_ORIGINS`: comma-separated origins; `none` allows no cross-origin caller even in development. */
export function readCorsConfig(reader: EnvReader, production: boolean): CorsConfig {
  const raw = reader.optionalString('CORS_ORIGINS');
  if (raw === undefined) return { allowedOrigins: production ? [] : [...DEVELOPMENT_CORS_ORIGINS] };
  if (raw.trim() === 'none') return { allowedOrigins: [] };
  const allowedOrigins: string[] = [];
  for (const entry of raw.split(',').map((value) => value.trim()).filter((value) => value !== '')) {
    const origin = originOf(entry);
    if (origin) allowedOrigins.push(origin);
    else reader.reject('CORS_ORIGINS', `must list origins such as https://shop.example.com, got "${entry}"`);
  }
  return { allowedOrigins };
}

/** The origin `entry` names, if it is exactly an http(s) origin (a browser's `Origin` header never has a path). */
function originOf(entry: string): string | undefined {
  try {
    const url = new URL(entry);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.origin !== entry.replace(/\/$/, '')) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}
