import { getConfig } from '@/server/config';
import { ingestCollectUrl } from '@/server/rum-forward';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const MAX_BYTES = 1024 * 1024;

/** Reads at most MAX_BYTES; undefined when the body is larger (Content-Length can be absent or lie). */
async function readCapped(req: Request): Promise<Uint8Array | undefined> {
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function problem(status: number, message: string): Response {
  return Response.json({ error: message }, { status, headers: { 'Cache-Control': 'no-store' } });
}

/**
 * Same-origin target of the Faro SDK in the UI: the browser cannot reach the ingest port (other
 * origin, maybe not exposed, needs a token), so this checks the payload and forwards it.
 */
export async function POST(req: Request): Promise<Response> {
  if (Number(req.headers.get('content-length') ?? 0) > MAX_BYTES) return problem(413, 'RUM payload over 1 MiB');
  const body = await readCapped(req);
  if (!body) return problem(413, 'RUM payload over 1 MiB');
  const text = new TextDecoder().decode(body);
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return problem(400, 'RUM payload must be a JSON object');
  } catch {
    return problem(400, 'RUM payload is not valid JSON');
  }
  const cfg = getConfig();
  const url = ingestCollectUrl(cfg);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const [token] = cfg.SIGHTLINE_INGEST_TOKENS;
  if (token) headers.Authorization = `Bearer ${token}`;
  let upstream: Response;
  try {
    upstream = await fetch(url, { method: 'POST', headers, body: text, signal: AbortSignal.timeout(5_000) });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return problem(502, `ingest is unreachable at ${url}: ${reason}`);
  }
  if (upstream.ok) return new Response(null, { status: 202 });
  // Back-pressure and validation answers pass through so the SDK backs off or drops the batch.
  const detail = (await upstream.text()).slice(0, 500);
  const passThrough = new Headers({ 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  const retryAfter = upstream.headers.get('retry-after');
  if (retryAfter) passThrough.set('Retry-After', retryAfter);
  const status = upstream.status >= 500 && upstream.status !== 503 ? 502 : upstream.status;
  return new Response(JSON.stringify({ error: `ingest answered ${upstream.status}: ${detail}` }), { status, headers: passThrough });
}
