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
}

declare module 'vitest' {
  export interface ProvidedContext {
    demo: SharedDemo;
  }
}

export function sharedDemo(): SharedDemo {
  return inject('demo');
}

export async function trpcQuery<T>(baseUrl: string, procedure: string, input: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`);
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
