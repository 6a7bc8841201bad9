import { NextResponse, type NextRequest } from 'next/server';
import { userFromCookies } from './server/auth/auth-runtime';

/**
 * Pages need a signed-in user: without a valid session the browser goes to /login and comes
 * back afterwards. The tRPC middleware checks every call again, with the user's roles.
 */
export async function proxy(req: NextRequest): Promise<NextResponse> {
  if (await userFromCookies(req.headers.get('cookie'))) return NextResponse.next();
  const login = new URL('/login', req.url);
  login.searchParams.set('next', `${req.nextUrl.pathname}${req.nextUrl.search}`);
  return NextResponse.redirect(login);
}

export const config = {
  // API routes answer 401/403 themselves; build assets, the sign-in page and metrics stay open.
  matcher: ['/((?!api/|_next/|login|metrics|icon.svg|favicon.ico).*)'],
};
