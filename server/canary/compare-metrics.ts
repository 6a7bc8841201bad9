import { quantileSorted } from 'simple-statistics';
import type { Novelty } from './error-signature';
import { hodgesLehmann } from './hodges-lehmann';
import { pct } from './figures';
import { mannWhitneyU } from './mann-whitney';
import type { CanarySettings } from './canary-settings';
import { twoProportionTest } from './two-proportion';

export type MetricId = 'errorRate' | 'latencyP50' | 'latencyP90' | 'latencyP99' | 'throughputShare' | 'errorNovelty';
export type Classification = 'Pass' | 'High' | 'Low' | 'NoData';

/** One side of the comparison (canary or baseline) over the compared minutes and regions. */
export interface SideData {
  requests: number;
  errors: number;
  /** Whole-population quantiles (rollup t-digests), ms; null when unknown. */
  quantilesMs: { p50: number | null; p90: number | null; p99: number | null };
  /** A bounded sample of request durations, ms, for the rank tests. */
  latencySampleMs: readonly number[];
}

export interface ComparisonInput {
  canary: SideData;
  baseline: SideData;
  novelty: Novelty;
}

export interface CanaryMetric {
  id: MetricId;
  label: string;
  unit: 'percent' | 'ms' | 'share';
  canary: number | null;
  baseline: number | null;
  /** canary/baseline for latency, canary − baseline for rates; null when not computable. */
  comparison: { kind: 'ratio' | 'difference'; value: number | null } | null;
  pValue: number | null;
  /** Confidence interval of the effect: the error-rate difference, or the latency shift in ms. */
  ci: { low: number; high: number; of: 'difference' | 'shiftMs' } | null;
  /** Hodges–Lehmann shift (ms) for latency metrics. */
  shiftMs: number | null;
  /** The rule that classifies, in words. */
  threshold: string;
  classification: Classification;
  weight: number;
  critical: boolean;
  /** Whether this classification counts against the canary. */
  failed: boolean;
  /** Extra evidence, e.g. the novel signatures. */
  note: string | null;
}

function latencyTest(canary: SideData, baseline: SideData, confidence: number) {
  if (canary.latencySampleMs.length === 0 || baseline.latencySampleMs.length === 0) return null;
  const mw = mannWhitneyU(canary.latencySampleMs, baseline.latencySampleMs);
  const hl = hodgesLehmann(canary.latencySampleMs, baseline.latencySampleMs, confidence);
  return { pValue: mw.pValue, hl, method: mw.method };
}

function sampleQuantile(sample: readonly number[], q: number): number | null {
  return sample.length > 0 ? quantileSorted([...sample].sort((a, b) => a - b), q) : null;
}

/**
 * Compares canary with baseline metric by metric (SPEC §5.3). A latency or error-rate metric is
 * High/Low only when the difference is significant at the configured confidence and larger than
 * its tolerance; an increase fails, a decrease is reported but passes.
 */
export function compareMetrics(input: ComparisonInput, settings: CanarySettings): CanaryMetric[] {
  const { canary, baseline, novelty } = input;
  const alpha = 1 - settings.confidence;
  const m = settings.metrics;
  const metrics: CanaryMetric[] = [];

  {
    const s = m.errorRate;
    const base = { id: 'errorRate' as const, label: 'Error rate', unit: 'percent' as const, weight: s.weight, critical: s.critical, shiftMs: null, note: null };
    const threshold = `High when p < ${Number(alpha.toFixed(4))} and the canary's rate exceeds the baseline's by more than ${pct(s.tolerance, 3)} points`;
    if (canary.requests === 0 || baseline.requests === 0) {
      metrics.push({ ...base, canary: null, baseline: null, comparison: null, pValue: null, ci: null, threshold, classification: 'NoData', failed: false });
    } else {
      const t = twoProportionTest(canary.errors, canary.requests, baseline.errors, baseline.requests, settings.confidence);
      const significant = t.pValue < alpha;
      const classification: Classification = significant && t.difference > s.tolerance ? 'High' : significant && t.difference < -s.tolerance ? 'Low' : 'Pass';
      metrics.push({
        ...base,
        canary: canary.errors / canary.requests,
        baseline: baseline.errors / baseline.requests,
        comparison: { kind: 'difference', value: t.difference },
        pValue: t.pValue,
        ci: { low: t.low, high: t.high, of: 'difference' },
        threshold,
        classification,
        failed: classification === 'High',
      });
    }
  }

  const test = latencyTest(canary, baseline, settings.confidence);
  for (const [id, key, q, label] of [
    ['latencyP50', 'p50', 0.5, 'Latency p50'],
    ['latencyP90', 'p90', 0.9, 'Latency p90'],
    ['latencyP99', 'p99', 0.99, 'Latency p99'],
  ] as const) {
    const s = m[id];
    const c = canary.quantilesMs[key] ?? sampleQuantile(canary.latencySampleMs, q);
    const b = baseline.quantilesMs[key] ?? sampleQuantile(baseline.latencySampleMs, q);
    const ratio = c !== null && b !== null && b > 0 ? c / b : null;
    const threshold = `High when Mann-Whitney p < ${Number(alpha.toFixed(4))} and the ratio exceeds ${Number((1 + s.tolerance).toFixed(3))}`;
    let classification: Classification = 'NoData';
    if (test && ratio !== null) {
      const significant = test.pValue < alpha;
      classification = significant && ratio > 1 + s.tolerance ? 'High' : significant && ratio < 1 - s.tolerance ? 'Low' : 'Pass';
    }
    metrics.push({
      id,
      label,
      unit: 'ms',
      canary: c,
      baseline: b,
      comparison: { kind: 'ratio', value: ratio },
      pValue: test?.pValue ?? null,
      ci: test ? { low: test.hl.low, high: test.hl.high, of: 'shiftMs' } : null,
      shiftMs: test?.hl.shift ?? null,
      threshold,
      classification,
      weight: s.weight,
      critical: s.critical,
      failed: classification === 'High',
      note: test ? `${test.method === 'exact' ? 'exact' : 'normal-approximation'} test on ${canary.latencySampleMs.length} + ${baseline.latencySampleMs.length} sampled requests` : null,
    });
  }

  {
    const s = m.throughputShare;
    const total = canary.requests + baseline.requests;
    const share = total > 0 ? canary.requests / total : null;
    const classification: Classification = share === null ? 'NoData' : share < s.min ? 'Low' : share > s.max ? 'High' : 'Pass';
    metrics.push({
      id: 'throughputShare',
      label: 'Throughput share',
      unit: 'share',
      canary: share,
      baseline: share === null ? null : 1 - share,
      comparison: { kind: 'ratio', value: baseline.requests > 0 ? canary.requests / baseline.requests : null },
      pValue: null,
      ci: null,
      shiftMs: null,
      threshold: `Pass while the canary serves ${pct(s.min, 1)} to ${pct(s.max, 1)} of requests`,
      classification,
      weight: s.weight,
      critical: s.critical,
      failed: classification === 'High' || classification === 'Low',
      note: `${canary.requests} canary and ${baseline.requests} baseline requests`,
    });
  }

  {
    const s = m.errorNovelty;
    const classification: Classification = canary.requests === 0 ? 'NoData' : novelty.share >= s.threshold ? 'High' : 'Pass';
    const top = novelty.novelSignatures.slice(0, 3).map((n) => `${n.signature} ×${n.count}`);
    metrics.push({
      id: 'errorNovelty',
      label: 'Error-signature novelty',
      unit: 'share',
      canary: canary.requests === 0 ? null : novelty.share,
      baseline: null,
      comparison: null,
      pValue: null,
      ci: null,
      shiftMs: null,
      threshold: `High when ${pct(s.threshold, 1)} or more of the canary's errors have a signature the baseline never shows`,
      classification,
      weight: s.weight,
      critical: s.critical,
      failed: classification === 'High',
      note: novelty.canaryErrors === 0 ? 'no canary errors' : `${novelty.novelErrors} of ${novelty.canaryErrors} canary errors novel${top.length > 0 ? `: ${top.join(', ')}` : ''}`,
    });
  }
  return metrics;
}
