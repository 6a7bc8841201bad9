import { describe, expect, it } from 'vitest';
import { DEFAULT_DEBT_SETTINGS } from './debt-config-schema';
import {
  buildMeasure,
  burnDown,
  debtIndex,
  dimensionScores,
  linearScore,
  maintainabilityMeasure,
  observabilityMeasure,
  platformIndex,
  rankServices,
  scoreService,
  securityMeasure,
} from './debt-index';

const S = DEFAULT_DEBT_SETTINGS;

describe('dimension mappings (SPEC §5.6 defaults)', () => {
  it('maps linearly between healthy and critical and clamps', () => {
    expect(linearScore(0, { healthy: 0, critical: 0.2 })).toBe(0);
    expect(linearScore(0.05, { healthy: 0, critical: 0.2 })).toBe(25);
    expect(linearScore(0.2, { healthy: 0, critical: 0.2 })).toBe(100);
    expect(linearScore(0.9, { healthy: 0, critical: 0.2 })).toBe(100);
    expect(linearScore(-1, { healthy: 0, critical: 0.2 })).toBe(0);
    expect(linearScore(15, { healthy: 10, critical: 30 })).toBe(25);
  });

  it('maintainability: share of functions over the limit, 20 % → 100', () => {
    const m = maintainabilityMeasure(40, 3)!;
    expect(m.share).toBe(0.075);
    expect(dimensionScores({ maintainability: m, observability: null, buildStability: null, security: null }, S).maintainability).toBe(37.5);
    expect(maintainabilityMeasure(0, 0)).toBeNull();
  });

  it('observability: the three shares added, 30 % → 100', () => {
    const o = observabilityMeasure({ spans: 1000, missingAttributes: 50, serverSpans: 200, orphans: 10, errorSpans: 20, bareErrors: 2 })!;
    // 5 % missing + 5 % orphan SERVER spans + 10 % bare error spans = 20 % → 66.7
    expect(o.missingShare).toBe(0.05);
    expect(o.orphanShare).toBe(0.05);
    expect(o.bareErrorShare).toBe(0.1);
    expect(dimensionScores({ maintainability: null, observability: o, buildStability: null, security: null }, S).observability).toBe(66.7);
    expect(observabilityMeasure({ spans: 0, missingAttributes: 0, serverSpans: 0, orphans: 0, errorSpans: 0, bareErrors: 0 })).toBeNull();
  });

  it('build stability: failed and flaky executions over counted ones, 30 % → 100', () => {
    const b = buildMeasure([
      { status: 'success', count: 16 },
      { status: 'failure', count: 1 },
      { status: 'timed_out', count: 1 },
      { status: 'flaky', count: 2 },
      { status: 'cancelled', count: 5 },
      { status: 'in_progress', count: 1 },
    ])!;
    expect(b).toEqual({ runs: 20, failed: 2, flaky: 2, failureRate: 0.2 });
    expect(dimensionScores({ maintainability: null, observability: null, buildStability: b, security: null }, S).buildStability).toBe(66.7);
    expect(buildMeasure([{ status: 'cancelled', count: 3 }])).toBeNull();
  });

  it('security: severity points, ×1.5 with a fix, 50 → 100', () => {
    const s = securityMeasure(
      [
        { severity: 'critical', fixAvailable: true, count: 1 },
        { severity: 'high', fixAvailable: false, count: 2 },
        { severity: 'medium', fixAvailable: true, count: 1 },
        { severity: 'low', fixAvailable: false, count: 3 },
        { severity: 'unknown', fixAvailable: true, count: 4 },
      ],
      S,
    );
    // 15 + 10 + 3 + 1.5 + 0 = 29.5
    expect(s.points).toBe(29.5);
    expect(s.open).toBe(11);
    expect(s.withFix).toBe(6);
    expect(dimensionScores({ maintainability: null, observability: null, buildStability: null, security: s }, S).security).toBe(59);
  });
});

describe('index and weight redistribution', () => {
  it('is the weighted sum when all four are reported', () => {
    const { index, effectiveWeights } = debtIndex({ maintainability: 50, observability: 20, buildStability: 40, security: 10 }, S.weights);
    expect(index).toBe(0.3 * 50 + 0.25 * 20 + 0.25 * 40 + 0.2 * 10);
    expect(effectiveWeights.security).toBeCloseTo(0.2, 10);
  });

  it('spreads a not-reported dimension over the others in proportion', () => {
    const { index, effectiveWeights } = debtIndex({ maintainability: 50, observability: null, buildStability: 40, security: 10 }, S.weights);
    // 30/75, 25/75, 20/75
    expect(effectiveWeights).toEqual({ maintainability: 0.4, observability: 0, buildStability: 25 / 75, security: 20 / 75 });
    expect(index).toBe(Math.round((0.4 * 50 + (25 / 75) * 40 + (20 / 75) * 10) * 10) / 10);
    expect(debtIndex({ maintainability: null, observability: null, buildStability: null, security: 30 }, S.weights).index).toBe(30);
    expect(debtIndex({ maintainability: null, observability: null, buildStability: null, security: null }, S.weights).index).toBeNull();
  });

  it('honours configured weights, and a zero weight drops the dimension', () => {
    const weights = { maintainability: 1, observability: 1, buildStability: 0, security: 2 };
    expect(debtIndex({ maintainability: 40, observability: 80, buildStability: 100, security: 10 }, weights).index).toBe((40 + 80 + 20) / 4);
  });

  it('flags above the governance line, ranks by index × traffic share', () => {
    const none = { maintainability: null, observability: null, buildStability: null, security: null };
    const at40 = scoreService('a', { ...none, security: securityMeasure([{ severity: 'critical', fixAvailable: false, count: 2 }], S) }, 0.1, S);
    expect(at40.index).toBe(40);
    expect(at40.flagged).toBe(false);
    const busy = scoreService('b', { ...none, maintainability: maintainabilityMeasure(10, 1) }, 0.8, S); // 50 × 0.8 = 40
    const quiet = scoreService('c', { ...none, maintainability: maintainabilityMeasure(10, 2) }, 0.05, S); // 100 × 0.05 = 5
    expect(busy.flagged).toBe(true);
    expect(rankServices([quiet, at40, busy]).map((r) => r.service)).toEqual(['b', 'c', 'a']);
    expect(platformIndex([at40, busy, quiet])).toBe(Math.round(((40 * 0.1 + 50 * 0.8 + 100 * 0.05) / 0.95) * 10) / 10);
  });
});

describe('burn-down', () => {
  it('draws the line from the start index to the target and says whether the latest is on it', () => {
    const history = [
      { day: '2026-03-01', index: 60 },
      { day: '2026-03-02', index: null },
      { day: '2026-03-03', index: 55 },
    ];
    const b = burnDown({ index: 40, deadline: '2026-03-11' }, history);
    expect(b.startIndex).toBe(60);
    expect(b.ideal[0]).toEqual({ day: '2026-03-01', value: 60 });
    expect(b.ideal[2]).toEqual({ day: '2026-03-03', value: 56 });
    expect(b.ideal.at(-1)).toEqual({ day: '2026-03-11', value: 40 });
    expect(b.onTrack).toBe(true);
    expect(burnDown({ index: 40, deadline: '2026-03-11' }, []).onTrack).toBeNull();
  });
});
