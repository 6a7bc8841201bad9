import { quantileSorted } from 'simple-statistics';
import { z } from 'zod';

/** Also the shape child processes report over IPC, hence a schema. */
export const latencySummarySchema = z.object({ count: z.number(), p50Ms: z.number(), p95Ms: z.number(), p99Ms: z.number(), maxMs: z.number() });
export type LatencySummary = z.infer<typeof latencySummarySchema>;

/** p50/p95/p99 of latencies in ms, rounded to 0.1 ms; null when there are no samples. */
export function summarizeLatencies(samplesMs: readonly number[]): LatencySummary | null {
  if (samplesMs.length === 0) return null;
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    count: sorted.length,
    p50Ms: r(quantileSorted(sorted, 0.5)),
    p95Ms: r(quantileSorted(sorted, 0.95)),
    p99Ms: r(quantileSorted(sorted, 0.99)),
    maxMs: r(sorted[sorted.length - 1]!),
  };
}

/** Per-second rate rounded to a whole number; 0 for an empty interval. */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? Math.round((count * 1000) / ms) : 0;
}
