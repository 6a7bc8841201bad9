/**
 * Per-client token buckets: each client (an ingest token, or the remote address when ingest runs
 * without tokens) may send `perSecond` requests a second on average and bursts of `burst`. One
 * misbehaving exporter then gets 429s instead of starving the others of the insert queue.
 */
export interface RateLimiter {
  /** Takes one request from the client's bucket: 0 when allowed, else the seconds to wait. */
  take(client: string, nowMs?: number): number;
  /** Number of clients being tracked (idle full buckets are dropped). */
  size(): number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

/** Beyond this many tracked clients, full (idle) buckets are swept before a new one is added. */
const SWEEP_AT = 10_000;

export function createRateLimiter(perSecond: number, burst = perSecond * 2): RateLimiter {
  if (perSecond <= 0) return { take: () => 0, size: () => 0 };
  const buckets = new Map<string, Bucket>();
  const refill = (b: Bucket, nowMs: number): void => {
    b.tokens = Math.min(burst, b.tokens + ((nowMs - b.atMs) / 1000) * perSecond);
    b.atMs = nowMs;
  };
  return {
    take(client, nowMs = performance.now()) {
      let bucket = buckets.get(client);
      if (!bucket) {
        if (buckets.size >= SWEEP_AT) {
          for (const [key, b] of buckets) {
            refill(b, nowMs);
            if (b.tokens >= burst) buckets.delete(key);
          }
        }
        bucket = { tokens: burst, atMs: nowMs };
        buckets.set(client, bucket);
      }
      refill(bucket, nowMs);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
    },
    size: () => buckets.size,
  };
}
