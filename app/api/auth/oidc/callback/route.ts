import { currentAuth } from '@/server/auth/auth-runtime';
import { loginPageWithError, redirectTo } from '@/server/auth/auth-responses';
import { OIDC_FLOW_COOKIE } from '@/server/auth/oidc';
import { cookieValue, issueSession, sessionCookie } from '@/server/auth/session';
import { clientAddress, recordSignIn } from '@/server/auth/sign-in-audit';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(req: Request): Promise<Response> {
  const auth = currentAuth();
  if (!auth?.oidc) return redirectTo(loginPageWithError('single sign-on is not configured (SIGHTLINE_OIDC_ISSUER)', '/'));
  const clearFlow = `${OIDC_FLOW_COOKIE}=; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0`;
  try {
    const { user, returnTo } = await auth.oidc.finish(new URL(req.url).search, cookieValue(req.headers.get('cookie'), OIDC_FLOW_COOKIE));
    await recordSignIn({ who: user.id, method: 'oidc', ok: true, address: clientAddress(req) });
    return redirectTo(returnTo, [clearFlow, sessionCookie(await issueSession(user, auth.secret), auth.secureCookies)]);
  } catch (err) {
    await recordSignIn({ who: 'unknown', method: 'oidc', ok: false, address: clientAddress(req), reason: (err as Error).message });
    return redirectTo(loginPageWithError(`single sign-on failed: ${(err as Error).message}`, '/'), [clearFlow]);
  }
}
