import { inject } from 'vitest';

/** The one Sightline-with-demo process that global setup starts for every e2e file. */
export interface SharedDemo {
  baseUrl: string;
  ingestUrl: string;
  /** The demo's ingest bearer token, for tests that send their own spans or events. */
  ingestToken: string;
  /** Demo seed, so tests can ask demo/ground-truth what was injected. */
  seed: number;
  /** Epoch ms the demo's history starts at (its backfill start). */
  historyFromMs: number;
  /** The local accounts' passwords, as printed at first start, by account (= role) name. */
  passwords: Record<string, string>;
  /** A signed-in admin's session cookie (`name=value`). */
  adminCookie: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    demo: SharedDemo;
  }
}

export function sharedDemo(): SharedDemo {
  return inject('demo');
}

/** Calls a tRPC query as the shared demo's admin (or with another session cookie). */
export async function trpcQuery<T>(baseUrl: string, procedure: string, input: unknown, cookie = sharedDemo().adminCookie): Promise<T> {
  const res = await fetch(`${baseUrl}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { cookie } });
  const body = (await res.json()) as { result?: { data: T }; error?: unknown };
  if (!res.ok || !body.result) throw new Error(`${procedure} failed: ${res.status} ${JSON.stringify(body.error)}`);
  return body.result.data;
}

/** Polls until `check` returns a value, or fails naming what it waited for. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

/**
 * Waits until the demo has sent its whole backfill. On a loaded two-core machine the 1.5 h
 * backfill has taken over 200 s, so the bound is wide: it only stops a hung demo hanging the suite.
 */
export async function waitForBackfill(baseUrl: string): Promise<void> {
  await waitFor(
    'the demo backfill to finish',
    async () => ((await trpcQuery<{ demo?: { backfillDone: boolean } }>(baseUrl, 'health.status', {})).demo?.backfillDone ? true : undefined),
    600_000,
  );
}

/** Signs in a local account through the real sign-in route; returns its session cookie. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sightline_session='));
  if (!res.ok || !cookie) throw new Error(`signing in as ${username} failed: ${res.status} ${await res.text()}`);
  return cookie.split(';')[0]!;
}

/** The passwords Sightline printed for its local accounts at first start. */
export function printedPasswords(output: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of output.matchAll(/^\s+(engineer|auditor|manager|admin)\s+(\S{20})$/gm)) found[m[1]!] = m[2]!;
  return found;
}
