import { currentAuth } from '@/server/auth/auth-runtime';
import { loginPageWithError, redirectTo, safeReturnPath } from '@/server/auth/auth-responses';
import { OIDC_FLOW_COOKIE } from '@/server/auth/oidc';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(req: Request): Promise<Response> {
  const next = safeReturnPath(new URL(req.url).searchParams.get('next'));
  const auth = currentAuth();
  if (!auth?.oidc) return redirectTo(loginPageWithError('single sign-on is not configured (SIGHTLINE_OIDC_ISSUER)', next));
  const { url, flowCookie } = await auth.oidc.start(next);
  const secure = auth.secureCookies ? '; Secure' : '';
  return redirectTo(url.toString(), [`${OIDC_FLOW_COOKIE}=${flowCookie}; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=600${secure}`], 302);
}
