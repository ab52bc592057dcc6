import type { IncomingMessage } from 'node:http';
import { AccessTokenVerifier, InvalidTokenError, bearerToken, type UserPrincipal } from '@retail/common';

/** The cookie a signed-in admin's browser carries: the access token itself, HttpOnly, sent only under /admin. */
export const ADMIN_COOKIE = 'retail_admin_token';
export const ADMIN_COOKIE_PATH = '/admin';

export type AdminCheck =
  | { outcome: 'admin'; principal: UserPrincipal; expiresAt: Date }
  | { outcome: 'unauthenticated'; reason: string }
  | { outcome: 'forbidden'; reason: string };

/**
 * Who is calling an admin page: the access token from `Authorization: Bearer` (scripts) or from the admin
 * cookie (browsers), verified exactly like the API's bearer tokens. Only a user with the ADMIN role passes.
 */
export async function checkAdmin(req: IncomingMessage, verifier: AccessTokenVerifier): Promise<AdminCheck> {
  const token = bearerToken(req.headers.authorization) ?? cookieValue(req.headers.cookie, ADMIN_COOKIE);
  if (!token) return { outcome: 'unauthenticated', reason: 'Sign in as an administrator' };
  return checkAdminToken(token, verifier);
}

export async function checkAdminToken(token: string, verifier: AccessTokenVerifier): Promise<AdminCheck> {
  try {
    const principal = await verifier.verify(token);
    if (principal.kind !== 'user') return { outcome: 'unauthenticated', reason: 'Invalid access token' };
    if (principal.role !== 'ADMIN') return { outcome: 'forbidden', reason: 'Administrators only' };
    return { outcome: 'admin', principal, expiresAt: tokenExpiry(token) };
  } catch (error) {
    if (error instanceof InvalidTokenError) return { outcome: 'unauthenticated', reason: error.message };
    throw error;
  }
}

/** The `exp` of a token that has already been verified. */
function tokenExpiry(token: string): Date {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: number };
  return new Date((payload.exp ?? 0) * 1000);
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) return decodeURIComponent(part.slice(separator + 1).trim());
  }
  return undefined;
}

/**
 * The Set-Cookie value holding an admin's token until it expires: HttpOnly (no script reads it), SameSite=Strict
 * (no other site's page can make the browser send it), limited to /admin, Secure when the page came over HTTPS.
 */
export function adminCookie(token: string, expiresAt: Date, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return serializeCookie(encodeURIComponent(token), maxAge, secure);
}

export function clearedAdminCookie(secure: boolean): string {
  return serializeCookie('', 0, secure);
}

function serializeCookie(value: string, maxAge: number, secure: boolean): string {
  const attributes = [`${ADMIN_COOKIE}=${value}`, `Path=${ADMIN_COOKIE_PATH}`, `Max-Age=${maxAge}`, 'HttpOnly', 'SameSite=Strict'];
  if (secure) attributes.push('Secure');
  return attributes.join('; ');
}

/** Whether the browser reached us over HTTPS: served with TLS, or behind a proxy that terminated it. */
export function cameOverHttps(req: IncomingMessage): boolean {
  const forwarded = req.headers['x-forwarded-proto'];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return proto === 'https' || Boolean((req.socket as { encrypted?: boolean }).encrypted);
}
