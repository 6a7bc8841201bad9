/**
 * POSTs Debezium batches to Sightline's /v1/cdc the way Debezium Server's HTTP sink would, and
 * keeps trying until each is accepted: back-pressure (429/503) is waited out as Retry-After
 * asks, outages with exponential backoff. Only stop() or abort() ends the retrying; the host
 * process never sees an error from here.
 */

export interface CdcSenderOptions {
  endpoint: string;
  token?: string;
  log: (msg: string) => void;
  retryInitialMs?: number;
  retryMaxMs?: number;
  requestTimeoutMs?: number;
}

/** The sender was stopped before the batch was accepted. */
export class SendStopped extends Error {
  constructor() {
    super('ledger demo: stopped before ingest accepted the batch');
  }
}

const FAILURE_LOG_INTERVAL_MS = 30_000;

function cdcUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/cdc`;
}

/** Seconds, or an HTTP date, as RFC 9110 allows. */
export function retryAfterMs(header: string | null, nowMs = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** fetch() reports "fetch failed"; the reason (ECONNREFUSED, a timeout) is in its cause. */
function describe(error: unknown): string {
  const err = error as Error & { cause?: unknown };
  return err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message;
}

export class CdcSender {
  private readonly url: string;
  private readonly headers: Record<string, string>;
  private readonly retryInitialMs: number;
  private readonly retryMaxMs: number;
  private readonly requestTimeoutMs: number;
  /** Stops retrying: no new attempt starts and backoff waits end at once. */
  private readonly retries = new AbortController();
  /** Also abandons requests in flight. */
  private readonly requests = new AbortController();
  private lastFailureLogAt = -Infinity;
  /** Batches ingest refused as malformed: a bug in the demo, reported and not retried. */
  rejectedBatches = 0;

  constructor(private readonly opts: CdcSenderOptions) {
    this.url = cdcUrl(opts.endpoint);
    this.headers = { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) };
    this.retryInitialMs = opts.retryInitialMs ?? 250;
    this.retryMaxMs = opts.retryMaxMs ?? 30_000;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 30_000;
  }

  /** No more attempts: a send() waiting to retry rejects with SendStopped; one in flight may still land. */
  stop(): void {
    this.retries.abort();
  }

  /** Also abandons requests in flight (they are re-sent on the next start; ingest dedups). */
  abort(): void {
    this.retries.abort();
    this.requests.abort();
  }

  /** Resolves once ingest has accepted (or refused as malformed) the body. */
  async send(body: string): Promise<void> {
    let delay = this.retryInitialMs;
    for (;;) {
      if (this.retries.signal.aborted) throw new SendStopped();
      let wait: number;
      try {
        const res = await fetch(this.url, {
          method: 'POST',
          headers: this.headers,
          body,
          signal: AbortSignal.any([this.requests.signal, AbortSignal.timeout(this.requestTimeoutMs)]),
        });
        const text = await res.text();
        if (res.ok) return;
        if (res.status === 400 || res.status === 413) {
          // Retrying cannot fix a body ingest finds malformed; its good events are stored.
          this.rejectedBatches++;
          this.opts.log(`ledger demo: ingest refused a batch (${res.status}): ${text.slice(0, 500)}`);
          return;
        }
        const asked = res.status === 429 || res.status === 503 ? retryAfterMs(res.headers.get('retry-after')) : undefined;
        wait = asked ?? delay;
        this.failure(`ingest answered ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`, wait);
      } catch (error) {
        if (this.requests.signal.aborted) throw new SendStopped();
        wait = delay;
        this.failure(describe(error), wait);
      }
      await this.sleep(wait);
      delay = Math.min(delay * 2, this.retryMaxMs);
    }
  }

  private failure(why: string, waitMs: number): void {
    const now = performance.now();
    if (now - this.lastFailureLogAt < FAILURE_LOG_INTERVAL_MS) return;
    this.lastFailureLogAt = now;
    this.opts.log(`ledger demo: delivery to ${this.url} failed (${why}); retrying in ${(waitMs / 1000).toFixed(1)} s`);
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.retries.signal;
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new SendStopped());
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      function onAbort(): void {
        clearTimeout(timer);
        reject(new SendStopped());
      }
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
