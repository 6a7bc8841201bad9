import { z } from 'zod';

/** tRPC v11 over HTTP without a transformer: `{result:{data}}` or `{error:{message, data:{code}}}`. */
const envelope = z.union([
  z.object({ result: z.object({ data: z.unknown() }) }),
  z.object({ error: z.object({ message: z.string(), data: z.object({ code: z.string() }).partial().optional() }) }),
]);

export type TrpcOutcome = { ok: true; data: unknown } | { ok: false; code: string; message: string };

/**
 * Calls one query procedure the way the UI does (GET /api/trpc/<path>?input=…). `cookie` is the
 * session cookie once sign-in is on; with SIGHTLINE_AUTH=off none is needed.
 */
export async function callQuery(baseUrl: string, path: string, input: unknown, cookie?: string): Promise<TrpcOutcome> {
  const url = new URL(`/api/trpc/${path}`, baseUrl);
  if (input !== undefined) url.searchParams.set('input', JSON.stringify(input));
  const res = await fetch(url, { headers: cookie ? { cookie } : {} });
  const text = await res.text();
  let body: z.infer<typeof envelope>;
  try {
    body = envelope.parse(JSON.parse(text));
  } catch {
    return { ok: false, code: `HTTP_${res.status}`, message: text.slice(0, 200) };
  }
  if ('result' in body) return { ok: true, data: body.result.data };
  return { ok: false, code: body.error.data?.code ?? `HTTP_${res.status}`, message: body.error.message };
}

const healthSchema = z.object({ spans: z.number(), cdcEvents: z.number() });

/** Spans and change events stored, as the dashboard's health.status reports them. */
export async function storedCounts(baseUrl: string, cookie?: string): Promise<z.infer<typeof healthSchema>> {
  const outcome = await callQuery(baseUrl, 'health.status', undefined, cookie);
  if (!outcome.ok) throw new Error(`health.status failed: ${outcome.code} ${outcome.message}`);
  return healthSchema.parse(outcome.data);
}
