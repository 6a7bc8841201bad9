import { z } from 'zod';
import { currentAuth } from '@/server/auth/auth-runtime';
import { jsonResponse, loginPageWithError, redirectTo, safeReturnPath } from '@/server/auth/auth-responses';
import { checkLocalLogin } from '@/server/auth/local-accounts';
import { issueSession, sessionCookie } from '@/server/auth/session';
import { clientAddress, recordSignIn } from '@/server/auth/sign-in-audit';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const loginSchema = z.object({
  username: z.string().trim().min(1, 'enter a user name').max(200),
  password: z.string().min(1, 'enter the password').max(1000),
  next: z.string().max(2000).optional(),
});

/**
 * Local sign-in. An HTML form post gets redirects (so the page works without JavaScript); a
 * JSON post gets a JSON answer, for scripts and tests.
 */
export async function POST(req: Request): Promise<Response> {
  const asJson = (req.headers.get('content-type') ?? '').includes('application/json');
  let raw: unknown;
  try {
    raw = asJson ? await req.json() : Object.fromEntries(await req.formData());
  } catch {
    return jsonResponse(400, { error: 'the body must be a form or JSON with username and password' });
  }
  const parsed = loginSchema.safeParse(raw);
  const next = safeReturnPath(typeof (raw as { next?: unknown })?.next === 'string' ? (raw as { next: string }).next : '/');
  const fail = (status: number, message: string) => (asJson ? jsonResponse(status, { error: message }) : redirectTo(loginPageWithError(message, next)));
  if (!parsed.success) return fail(400, parsed.error.issues.map((i) => i.message).join('; '));

  const auth = currentAuth();
  if (!auth) return fail(503, 'Sightline is still starting; try again in a moment');
  if (auth.mode !== 'local') return fail(400, auth.mode === 'oidc' ? 'local accounts are disabled: sign in with single sign-on' : 'sign-in is turned off');

  const address = clientAddress(req);
  const wait = auth.loginAttempts.take(`${parsed.data.username}|${address}`);
  if (wait > 0) return fail(429, `too many sign-in attempts for ${parsed.data.username}; wait ${wait} s`);

  const user = await checkLocalLogin(auth.accounts, parsed.data.username, parsed.data.password);
  if (!user) {
    await recordSignIn({ who: `local:${parsed.data.username}`, method: 'local', ok: false, address, reason: 'wrong user name or password' });
    return fail(401, 'wrong user name or password');
  }
  await recordSignIn({ who: user.id, method: 'local', ok: true, address });
  const cookie = sessionCookie(await issueSession(user, auth.secret), auth.secureCookies);
  return asJson ? jsonResponse(200, { user }, [cookie]) : redirectTo(next, [cookie]);
}
