const MINUTE_MS = 60_000;

/** Bucket sizes a person reads easily on a time axis; the rollup's resolution is one minute. */
const NICE_BUCKET_SECONDS = [
  60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800,
];
const LARGEST_BUCKET_SECONDS = 604_800;

/**
 * The part of a requested range the 1-minute rollup can answer: whole minutes from the minute
 * holding `from` up to the minute holding `to`. Rates divide by the time actually covered, which
 * ends at `now` while the last minute is still filling up, so a live rate is not diluted.
 */
export interface RollupWindow {
  /** First minute included (inclusive), epoch ms. */
  startMs: number;
  /** End of the last minute included (exclusive), epoch ms; the SQL filter bound. */
  endMs: number;
  /** Seconds of wall-clock time the counted calls can have happened in. */
  seconds: number;
}

export function rollupWindow(fromMs: number, toMs: number, nowMs: number): RollupWindow {
  const startMs = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS;
  const endMs = Math.ceil(toMs / MINUTE_MS) * MINUTE_MS;
  const coveredEnd = nowMs > startMs ? Math.min(endMs, nowMs) : endMs;
  return { startMs, endMs, seconds: Math.max(1, (coveredEnd - startMs) / 1000) };
}

/** The smallest nice bucket that keeps the series at or under `maxPoints` points. */
export function chooseBucketSeconds(window: RollupWindow, maxPoints: number): number {
  const spanSeconds = (window.endMs - window.startMs) / 1000;
  return NICE_BUCKET_SECONDS.find((s) => spanSeconds / s <= maxPoints) ?? LARGEST_BUCKET_SECONDS;
}

/** Bucket start times (epoch ms, aligned to the epoch like ClickHouse's toStartOfInterval). */
export function bucketStarts(window: RollupWindow, bucketSeconds: number): number[] {
  const size = bucketSeconds * 1000;
  const starts: number[] = [];
  for (let t = Math.floor(window.startMs / size) * size; t < window.endMs; t += size) starts.push(t);
  return starts;
}

/**
 * Seconds of a bucket inside the covered window: edge buckets are partial, and a rate over a
 * partial bucket divided by the full bucket length would show a false dip.
 */
export function coveredSeconds(bucketStartMs: number, bucketSeconds: number, window: RollupWindow): number {
  const coveredEnd = window.startMs + window.seconds * 1000;
  const lo = Math.max(bucketStartMs, window.startMs);
  const hi = Math.min(bucketStartMs + bucketSeconds * 1000, coveredEnd);
  return Math.max(0, (hi - lo) / 1000);
}
