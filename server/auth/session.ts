import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { ROLES, type Role } from './roles';

export const SESSION_COOKIE = 'sightline_session';
export const SESSION_HOURS = 12;

export interface SessionUser {
  /** Stable id: the local user name, or `<issuer>#<sub>` for OpenID Connect. */
  id: string;
  name: string;
  roles: Role[];
}

const claimsSchema = z.object({ sub: z.string().min(1), name: z.string(), roles: z.array(z.enum(ROLES)).min(1) });

/**
 * Sessions are signed (HS256) tokens in an httpOnly cookie: nothing to store server-side, and a
 * forged or altered cookie fails the signature check. They expire after SESSION_HOURS.
 */
export async function issueSession(user: SessionUser, secret: Uint8Array, nowMs = Date.now()): Promise<string> {
  return new SignJWT({ name: user.name, roles: user.roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuedAt(Math.floor(nowMs / 1000))
    .setExpirationTime(Math.floor(nowMs / 1000) + SESSION_HOURS * 3600)
    .setAudience('sightline')
    .sign(secret);
}

/** The signed-in user, or undefined for a missing, expired, forged or malformed session. */
export async function readSession(token: string | undefined, secret: Uint8Array, nowMs = Date.now()): Promise<SessionUser | undefined> {
  if (!token) return undefined;
  try {
    const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], audience: 'sightline', currentDate: new Date(nowMs) });
    const claims = claimsSchema.safeParse(payload);
    return claims.success ? { id: claims.data.sub, name: claims.data.name, roles: claims.data.roles } : undefined;
  } catch {
    return undefined;
  }
}

/** Cookie attributes: `Secure` whenever the UI is reached over HTTPS. */
export function sessionCookie(value: string, secure: boolean, maxAgeSeconds = SESSION_HOURS * 3600): string {
  const parts = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

export function cookieValue(cookieHeader: string | null | undefined, name: string): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
