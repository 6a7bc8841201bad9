import { createRateLimiter, type RateLimiter } from '../../ingest/rate-limit';
import type { LocalAccount } from './local-accounts';
import type { OidcClient } from './oidc';
import { ROLES } from './roles';
import { cookieValue, readSession, SESSION_COOKIE, type SessionUser } from './session';

export type AuthMode = 'local' | 'oidc' | 'off';

export interface AuthRuntime {
  mode: AuthMode;
  secret: Uint8Array;
  accounts: LocalAccount[];
  oidc?: OidcClient;
  /** Set cookies with `Secure` (the UI is reached over HTTPS). */
  secureCookies: boolean;
  /** Sign-in attempts per user name and address: slows down password guessing. */
  loginAttempts: RateLimiter;
}

/** With SIGHTLINE_AUTH=off (loopback only) everyone is this user. */
export const ANONYMOUS_ADMIN: SessionUser = { id: 'anonymous', name: 'anonymous', roles: [...ROLES] };

// On globalThis because the route handlers and tRPC live in Next's bundles, which hold their own
// copies of this module, while server/main.ts prepares the runtime before Next starts.
const g = globalThis as unknown as { __sightlineAuth?: AuthRuntime };

export function registerAuth(runtime: Omit<AuthRuntime, 'loginAttempts'>): AuthRuntime {
  g.__sightlineAuth = { ...runtime, loginAttempts: createRateLimiter(10 / 60, 10) };
  return g.__sightlineAuth;
}

export function currentAuth(): AuthRuntime | undefined {
  return g.__sightlineAuth;
}

/** The user behind a request's session cookie, if any. */
export async function userFromCookies(cookieHeader: string | null | undefined): Promise<SessionUser | undefined> {
  const auth = currentAuth();
  if (!auth) return undefined;
  if (auth.mode === 'off') return ANONYMOUS_ADMIN;
  return readSession(cookieValue(cookieHeader, SESSION_COOKIE), auth.secret);
}
