import type { CanarySettings } from './canary-settings';
import type { LatencyObservation, SideBucket, SignatureRow } from './canary-queries';
import { canaryVerdict, type VerdictResult } from './canary-verdict';
import { compareMetrics, type CanaryMetric, type SideData } from './compare-metrics';
import { errorNovelty, errorSignature, type Novelty } from './error-signature';

export interface Evaluation extends VerdictResult {
  metrics: CanaryMetric[];
  requests: { canary: number; baseline: number };
  novelty: Novelty;
}

export interface HistoryPoint {
  /** End of the data judged (epoch ms): the verdict as it stood then, from the window's start. */
  t: number;
  verdict: VerdictResult['verdict'];
  score: number | null;
  reason: string;
  canaryRequests: number;
  baselineRequests: number;
}

/** What the queries returned for one canary, whole window. */
export interface CanaryData {
  buckets: readonly SideBucket[];
  sample: readonly LatencyObservation[];
  signatures: readonly SignatureRow[];
}

function noveltyOf(signatures: readonly SignatureRow[]): Novelty {
  const baseline = new Set<string>();
  const canary: Array<{ signature: string; count: number }> = [];
  for (const s of signatures) {
    const signature = errorSignature(s);
    if (s.side === 'baseline') baseline.add(signature);
    else canary.push({ signature, count: s.count });
  }
  return errorNovelty(canary, baseline);
}

function evaluate(sides: { canary: SideData; baseline: SideData }, novelty: Novelty, settings: CanarySettings): Evaluation {
  const metrics = compareMetrics({ ...sides, novelty }, settings);
  const requests = { canary: sides.canary.requests, baseline: sides.baseline.requests };
  const verdict = canaryVerdict(metrics, { canaryRequests: requests.canary, baselineRequests: requests.baseline, novelSignatures: novelty.novelSignatures }, settings);
  return { ...verdict, metrics, requests, novelty };
}

const durations = (sample: readonly LatencyObservation[], side: 'canary' | 'baseline', beforeMs = Infinity) =>
  sample.filter((o) => o.side === side && o.ms < beforeMs).map((o) => o.durationMs);

/** The verdict over the whole window: rollup totals and quantiles, sampled durations, all error signatures. */
export function evaluateWindow(data: CanaryData, settings: CanarySettings): Evaluation {
  const side = (name: 'canary' | 'baseline'): SideData => {
    const total = data.buckets.find((b) => b.side === name && b.t === null);
    return {
      requests: total?.requests ?? 0,
      errors: total?.errors ?? 0,
      quantilesMs: { p50: total?.p50Ms ?? null, p90: total?.p90Ms ?? null, p99: total?.p99Ms ?? null },
      latencySampleMs: durations(data.sample, name),
    };
  };
  return evaluate({ canary: side('canary'), baseline: side('baseline') }, noveltyOf(data.signatures), settings);
}

/**
 * The verdict as it would have been given at each checkpoint, judging everything from the
 * window's start up to it. Quantiles come from the latency sample here, since t-digests of
 * growing prefixes are not stored.
 */
export function verdictHistory(data: CanaryData, checkpoints: readonly number[], settings: CanarySettings): HistoryPoint[] {
  return checkpoints.map((end) => {
    const side = (name: 'canary' | 'baseline'): SideData => {
      const upTo = data.buckets.filter((b) => b.side === name && b.t !== null && b.t < end);
      return {
        requests: upTo.reduce((s, b) => s + b.requests, 0),
        errors: upTo.reduce((s, b) => s + b.errors, 0),
        quantilesMs: { p50: null, p90: null, p99: null },
        latencySampleMs: durations(data.sample, name, end),
      };
    };
    const e = evaluate({ canary: side('canary'), baseline: side('baseline') }, noveltyOf(data.signatures.filter((s) => s.t < end)), settings);
    return { t: end, verdict: e.verdict, score: e.score, reason: e.reason, canaryRequests: e.requests.canary, baselineRequests: e.requests.baseline };
  });
}

export interface ErrorRatePoint {
  t: number;
  canary: number | null;
  baseline: number | null;
}

/** Error rate per bucket and side; null where a side had no requests, so the chart shows a gap. */
export function errorRateSeries(buckets: readonly SideBucket[], starts: readonly number[]): ErrorRatePoint[] {
  const rate = (side: 'canary' | 'baseline', t: number) => {
    const b = buckets.find((x) => x.side === side && x.t === t);
    return b && b.requests > 0 ? b.errors / b.requests : null;
  };
  return starts.map((t) => ({ t, canary: rate('canary', t), baseline: rate('baseline', t) }));
}

export interface LatencyHistogram {
  /** Bin edges in ms (log-spaced), one more than the bins. */
  edgesMs: number[];
  /** Share of each side's sampled requests per bin. */
  canary: number[];
  baseline: number[];
}

/** Both sides' sampled durations over the same log-spaced bins, as shares so unequal traffic overlays. */
export function latencyHistogram(sample: readonly LatencyObservation[], bins = 40): LatencyHistogram | null {
  const positive = sample.filter((o) => o.durationMs > 0);
  if (positive.length === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const o of positive) {
    lo = Math.min(lo, o.durationMs);
    hi = Math.max(hi, o.durationMs);
  }
  if (hi <= lo) hi = lo * 1.01;
  const logLo = Math.log(lo);
  const step = (Math.log(hi) - logLo) / bins;
  const edgesMs = Array.from({ length: bins + 1 }, (_, i) => Math.exp(logLo + i * step));
  const counts = { canary: new Array<number>(bins).fill(0), baseline: new Array<number>(bins).fill(0) };
  for (const o of positive) {
    const i = Math.min(bins - 1, Math.max(0, Math.floor((Math.log(o.durationMs) - logLo) / step)));
    counts[o.side][i]! += 1;
  }
  const share = (c: number[]) => {
    const total = c.reduce((a, b) => a + b, 0);
    return c.map((v) => (total > 0 ? v / total : 0));
  };
  return { edgesMs, canary: share(counts.canary), baseline: share(counts.baseline) };
}
