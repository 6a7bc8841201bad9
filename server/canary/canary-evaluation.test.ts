import { describe, expect, it } from 'vitest';
import { errorRateSeries, evaluateWindow, latencyHistogram, verdictHistory, type CanaryData } from './canary-evaluation';
import type { LatencyObservation, SideBucket } from './canary-queries';
import { DEFAULT_CANARY_SETTINGS } from './canary-settings';

const M = 60_000;
const bucket = (side: 'canary' | 'baseline', t: number | null, requests: number, errors: number): SideBucket => ({ side, t, requests, errors, p50Ms: null, p90Ms: null, p99Ms: null });

/** Two buckets: the canary starts in the second. */
function data(): CanaryData {
  const sample: LatencyObservation[] = [];
  for (let i = 0; i < 200; i++) sample.push({ side: 'baseline', ms: (i % 2) * M + i, durationMs: 20 + (i % 50) });
  for (let i = 0; i < 100; i++) sample.push({ side: 'canary', ms: M + i, durationMs: 20 + (i % 50) });
  return {
    buckets: [bucket('baseline', null, 200, 0), bucket('canary', null, 60, 6), bucket('baseline', 0, 100, 0), bucket('baseline', M, 100, 0), bucket('canary', M, 60, 6)],
    sample,
    signatures: [{ side: 'canary', t: M, errorType: 'redis_timeout', exceptionType: '', statusMessage: '', count: 6 }],
  };
}

describe('canary evaluation', () => {
  it('whole window: rollup totals, sample latencies, novelty from the signatures', () => {
    const e = evaluateWindow(data(), DEFAULT_CANARY_SETTINGS);
    expect(e.requests).toEqual({ canary: 60, baseline: 200 });
    expect(e.novelty).toMatchObject({ canaryErrors: 6, novelErrors: 6, share: 1 });
    expect(e.verdict).toBe('rollback');
    expect(e.metrics.find((m) => m.id === 'latencyP50')!.comparison?.value).toBe(1);
  });

  it('history judges everything up to each checkpoint', () => {
    const h = verdictHistory(data(), [M, 2 * M], DEFAULT_CANARY_SETTINGS);
    expect(h.map((p) => [p.t, p.verdict, p.canaryRequests, p.baselineRequests])).toEqual([
      [M, 'inconclusive', 0, 100],
      [2 * M, 'rollback', 60, 200],
    ]);
  });

  it('error rates per bucket leave gaps where a side had no requests', () => {
    expect(errorRateSeries(data().buckets, [0, M, 2 * M])).toEqual([
      { t: 0, canary: null, baseline: 0 },
      { t: M, canary: 0.1, baseline: 0 },
      { t: 2 * M, canary: null, baseline: null },
    ]);
  });

  it('latency histogram: shares per side over common log-spaced bins', () => {
    const h = latencyHistogram(data().sample, 10)!;
    expect(h.edgesMs).toHaveLength(11);
    expect(h.edgesMs[0]).toBeCloseTo(20, 9);
    expect(h.edgesMs[10]).toBeCloseTo(69, 9);
    expect(h.canary.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(h.baseline.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(latencyHistogram([])).toBeNull();
  });
});
