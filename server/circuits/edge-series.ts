import type { BreakerSettings } from './breaker-settings';
import type { EdgeCall } from './edge-call';
import { countCalls, percentiles, type CallCounts, type Range } from './edge-summary';

/** Raw calls allow buckets finer than the rollup's minute. */
const NICE_BUCKET_SECONDS = [10, 30, 60, 120, 300, 600, 900, 1800, 3600];
const MAX_POINTS = 180;

export interface SeriesPoint extends CallCounts {
  /** Bucket start, epoch ms. */
  t: number;
  rps: number;
  /** null without executed calls, so a chart shows a gap rather than a false 0%. */
  errorRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export function chooseBucketSeconds(range: Range): number {
  const seconds = (range.toMs - range.fromMs) / 1000;
  return NICE_BUCKET_SECONDS.find((s) => seconds / s <= MAX_POINTS) ?? 3600;
}

/** Per-bucket counts, rate and latency percentiles of the calls that completed in the range. */
export function edgeSeries(calls: readonly EdgeCall[], rejectedAtMs: readonly number[], settings: BreakerSettings, range: Range, bucketSeconds: number): SeriesPoint[] {
  const size = bucketSeconds * 1000;
  const first = Math.floor(range.fromMs / size) * size;
  const n = Math.max(1, Math.ceil((range.toMs - first) / size));
  const callsIn: EdgeCall[][] = Array.from({ length: n }, () => []);
  const rejectedIn: number[][] = Array.from({ length: n }, () => []);
  const index = (t: number) => Math.floor((t - first) / size);
  for (const c of calls) if (c.atMs >= range.fromMs && c.atMs < range.toMs) callsIn[index(c.atMs)]!.push(c);
  for (const t of rejectedAtMs) if (t >= range.fromMs && t < range.toMs) rejectedIn[index(t)]!.push(t);
  return callsIn.map((bucket, i) => {
    const t = first + i * size;
    const covered = (Math.min(t + size, range.toMs) - Math.max(t, range.fromMs)) / 1000;
    const counts = countCalls(bucket, settings, rejectedIn[i]!);
    return {
      t,
      ...counts,
      rps: covered > 0 ? counts.executed / covered : 0,
      errorRate: counts.executed > 0 ? (counts.failure + counts.timeout) / counts.executed : null,
      ...percentiles(bucket),
    };
  });
}
