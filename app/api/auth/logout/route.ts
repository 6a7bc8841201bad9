import { currentAuth } from '@/server/auth/auth-runtime';
import { redirectTo } from '@/server/auth/auth-responses';
import { sessionCookie } from '@/server/auth/session';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export function POST(): Response {
  return redirectTo('/login', [sessionCookie('', currentAuth()?.secureCookies ?? false, 0)]);
}
