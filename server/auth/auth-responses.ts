/** Only paths on this site: `//evil.example` or `https://…` would make sign-in an open redirect. */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

export function redirectTo(location: string, setCookies: string[] = [], status: 302 | 303 = 303): Response {
  const headers = new Headers({ location, 'cache-control': 'no-store' });
  for (const c of setCookies) headers.append('set-cookie', c);
  return new Response(null, { status, headers });
}

export function loginPageWithError(message: string, next: string): string {
  return `/login?${new URLSearchParams({ error: message, next }).toString()}`;
}

export function jsonResponse(status: number, body: unknown, setCookies: string[] = []): Response {
  const headers = new Headers({ 'content-type': 'application/json', 'cache-control': 'no-store' });
  for (const c of setCookies) headers.append('set-cookie', c);
  return new Response(JSON.stringify(body), { status, headers });
}
