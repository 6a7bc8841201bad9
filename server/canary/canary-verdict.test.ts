import { describe, expect, it } from 'vitest';
import { canaryScore, canaryVerdict } from './canary-verdict';
import type { CanaryMetric, MetricId } from './compare-metrics';
import { DEFAULT_CANARY_SETTINGS } from './canary-settings';

function metric(id: MetricId, over: Partial<CanaryMetric> = {}): CanaryMetric {
  return {
    id,
    label: id,
    unit: 'ms',
    canary: 1,
    baseline: 1,
    comparison: { kind: id === 'errorRate' ? 'difference' : 'ratio', value: id === 'errorRate' ? 0 : 1 },
    pValue: 0.5,
    ci: null,
    shiftMs: null,
    threshold: '',
    classification: 'Pass',
    weight: 1,
    critical: false,
    failed: false,
    note: null,
    ...over,
  };
}

/** A healthy canary with the given p90 ratio, error-rate difference and novelty, plus extra metrics. */
function healthy(o: { p90?: number; errDiff?: number; errHalfWidth?: number; novelty?: number; extra?: CanaryMetric[] } = {}): CanaryMetric[] {
  return [
    metric('errorRate', {
      critical: true,
      weight: 3,
      canary: 0.01 + (o.errDiff ?? 0),
      baseline: 0.01,
      comparison: { kind: 'difference', value: o.errDiff ?? 0 },
      ci: { low: (o.errDiff ?? 0) - (o.errHalfWidth ?? 0), high: (o.errDiff ?? 0) + (o.errHalfWidth ?? 0), of: 'difference' },
    }),
    metric('latencyP90', { weight: 2, comparison: { kind: 'ratio', value: o.p90 ?? 1 } }),
    metric('errorNovelty', { weight: 2, canary: o.novelty ?? 0, comparison: null }),
    ...(o.extra ?? []),
  ];
}

/** Extra metrics so the score is passing/(passing + failing) × 100 exactly. */
function scoreOf(passing: number, failing: number): CanaryMetric[] {
  return [metric('latencyP50', { weight: passing - 7 }), metric('latencyP99', { weight: failing, classification: 'High', failed: true })];
}

const enough = { canaryRequests: 50, baselineRequests: 500, novelSignatures: [] };
const verdict = (metrics: CanaryMetric[], sides = enough) => canaryVerdict(metrics, sides, DEFAULT_CANARY_SETTINGS);

describe('canary score', () => {
  it('passing weight over scored weight; NoData is left out; a failing critical metric zeroes it', () => {
    expect(canaryScore(healthy({ extra: scoreOf(19, 1) }))).toBeCloseTo(95, 12);
    expect(canaryScore([...healthy(), metric('latencyP99', { weight: 5, classification: 'NoData' })])).toBe(100);
    const failingCritical = healthy();
    failingCritical[0] = { ...failingCritical[0]!, classification: 'High', failed: true };
    expect(canaryScore(failingCritical)).toBe(0);
    expect(canaryScore([metric('latencyP50', { classification: 'NoData' })])).toBeNull();
  });
});

describe('verdict rules at their boundaries (SPEC §5.3 defaults)', () => {
  it('inconclusive below 50 requests on either side, judged at 50', () => {
    expect(verdict(healthy(), { ...enough, canaryRequests: 49 })).toMatchObject({ verdict: 'inconclusive', score: null });
    expect(verdict(healthy(), { ...enough, baselineRequests: 49 }).reason).toMatch(/baseline 49 requests, at least 50/);
    expect(verdict(healthy()).verdict).toBe('promote');
  });

  it('promote needs score ≥ 95', () => {
    expect(verdict(healthy({ extra: scoreOf(19, 1) }))).toMatchObject({ verdict: 'promote' });
    const below = verdict(healthy({ extra: scoreOf(18.9, 1) }));
    expect(below.verdict).toBe('hold');
    expect(below.reason).toMatch(/score 94\.9 is below 95 \(latencyp99 failed\)/);
  });

  it('promote needs p90 ratio ≤ 1.15', () => {
    expect(verdict(healthy({ p90: 1.15 })).verdict).toBe('promote');
    expect(verdict(healthy({ p90: 1.1501 }))).toMatchObject({ verdict: 'hold', reason: expect.stringMatching(/p90 latency is 1\.15× the baseline's, over 1\.15×/) });
  });

  it('promote needs the error rate not to rise significantly more than 0.5 percentage points', () => {
    expect(verdict(healthy({ errDiff: 0.005 })).verdict).toBe('promote');
    expect(verdict(healthy({ errDiff: 0.0051 }))).toMatchObject({
      verdict: 'hold',
      reason: 'Hold: the error rate rose +0.51 pp, at least +0.51 pp at 98 % confidence, over +0.5 pp.',
    });
    // +0.8 pp estimated, but the interval reaches down to +0.5 pp: noise, not shown to exceed the bound.
    expect(verdict(healthy({ errDiff: 0.008, errHalfWidth: 0.003 })).verdict).toBe('promote');
    expect(verdict(healthy({ errDiff: 0.008, errHalfWidth: 0.0029 })).verdict).toBe('hold');
  });

  it('rollback below score 75, hold at 75', () => {
    expect(verdict(healthy({ extra: scoreOf(75, 25) })).verdict).toBe('hold');
    expect(verdict(healthy({ extra: scoreOf(74.9, 25.1) }))).toMatchObject({ verdict: 'rollback', reason: expect.stringMatching(/score 74\.9 is below 75 \(latencyp99 failed\)/) });
  });

  it('rollback when p90 ratio exceeds 1.3, hold at 1.3', () => {
    expect(verdict(healthy({ p90: 1.3 })).verdict).toBe('hold');
    expect(verdict(healthy({ p90: 1.3001 })).verdict).toBe('rollback');
  });

  it('rollback at error-signature novelty ≥ 8 %', () => {
    expect(verdict(healthy({ novelty: 0.0799 })).verdict).toBe('promote');
    const r = canaryVerdict(healthy({ novelty: 0.08 }), { ...enough, novelSignatures: [{ signature: 'redis_timeout', count: 4 }] }, DEFAULT_CANARY_SETTINGS);
    expect(r.verdict).toBe('rollback');
    expect(r.reason).toBe('Roll back: 8 % of canary errors have signatures the baseline never shows (most often redis_timeout), at least 8 %.');
  });

  it('a failing critical metric rolls back with score 0 and says why', () => {
    const m = healthy({ errDiff: 0.04 });
    m[0] = { ...m[0]!, classification: 'High', failed: true, pValue: 1e-9 };
    expect(verdict(m)).toEqual({ verdict: 'rollback', score: 0, reason: 'Roll back: the error rate is 5 % against 1 % (+4 pp, p < 0.001), a critical failure.' });
  });

  it('thresholds come from the settings', () => {
    const strict = { ...DEFAULT_CANARY_SETTINGS, minRequests: 1000 };
    expect(canaryVerdict(healthy(), enough, strict).verdict).toBe('inconclusive');
    const lenient = { ...DEFAULT_CANARY_SETTINGS, verdict: { ...DEFAULT_CANARY_SETTINGS.verdict, rollback: { ...DEFAULT_CANARY_SETTINGS.verdict.rollback, maxP90Ratio: 2 } } };
    expect(canaryVerdict(healthy({ p90: 1.5 }), enough, lenient).verdict).toBe('hold');
  });
});
