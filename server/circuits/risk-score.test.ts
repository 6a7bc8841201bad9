import { describe, expect, it } from 'vitest';
import type { EdgeCall } from './edge-call';
import { recommend, riskAt, riskFromMinutes, type MinuteStat } from './risk-score';

/**
 * Baseline: 60 minutes of 600 calls (10 rps), errors alternating 6 and 12 (1 % and 2 %: mean
 * 1.5 %, σ 0.5 pp) and p95 alternating 90 and 110 ms (mean 100, σ 10). QPS has σ 0, so its floor
 * of 5 % of the mean (0.5 rps) applies.
 */
const baseline: MinuteStat[] = Array.from({ length: 60 }, (_, i) => ({ calls: 600, bad: i % 2 ? 12 : 6, p95Ms: i % 2 ? 110 : 90 }));
const PHI_2 = 0.9772499;

describe('risk score', () => {
  it('error rate and p95 up, QPS steady: 0.4·½ + 0.35·Φ(7) + 0.25·Φ(2) ≈ 0.7943 → half-open', () => {
    const r = riskFromMinutes({ calls: 600, bad: 30, p95Ms: 120 }, baseline)!;
    expect(r.qps).toMatchObject({ current: 10, baselineMean: 10, baselineStd: 0.5, z: 0 });
    expect(r.qps.p).toBeCloseTo(0.5, 6);
    expect(r.errorRate.baselineMean).toBeCloseTo(0.015, 12);
    expect(r.errorRate.baselineStd).toBeCloseTo(0.005, 12);
    expect(r.errorRate.z).toBeCloseTo(7, 9);
    expect(r.p95Ms.z).toBeCloseTo(2, 9);
    expect(r.p95Ms.p).toBeCloseTo(PHI_2, 6);
    expect(r.score).toBeCloseTo(0.2 + 0.35 + 0.25 * PHI_2, 6);
    expect(r.recommendation).toBe('half_open_50');
    expect(r.baselineMinutes).toBe(60);
  });

  it('with QPS 50 % up as well (z = 10) it recommends a full break', () => {
    const r = riskFromMinutes({ calls: 900, bad: 45, p95Ms: 120 }, baseline)!;
    expect(r.qps.z).toBeCloseTo(10, 9);
    expect(r.score).toBeCloseTo(0.4 + 0.35 + 0.25 * PHI_2, 6);
    expect(r.recommendation).toBe('full_break');
  });

  it('an ordinary minute scores ½ and is normal', () => {
    const r = riskFromMinutes({ calls: 600, bad: 9, p95Ms: 100 }, baseline)!;
    expect(r.score).toBeCloseTo(0.5, 6);
    expect(r.recommendation).toBe('normal');
  });

  it('thresholds: above 0.85 full break, 0.7 to 0.85 half-open', () => {
    expect([0.6999, 0.7, 0.85, 0.8501].map(recommend)).toEqual(['normal', 'half_open_50', 'half_open_50', 'full_break']);
  });

  it('gives no score with fewer than 10 baseline minutes that had calls', () => {
    const sparse = baseline.map((m, i) => (i < 51 ? { calls: 0, bad: 0, p95Ms: null } : m));
    expect(riskFromMinutes({ calls: 600, bad: 30, p95Ms: 120 }, sparse)).toBeNull();
  });

  it('from calls: the minute ending at endMs against the minutes since the edge’s first call', () => {
    const end = 100 * 60_000;
    const calls: EdgeCall[] = [];
    // 12 minutes of 1 call per second, the last minute all failing.
    for (let t = end - 12 * 60_000 + 1000; t <= end; t += 1000) {
      calls.push({ atMs: t, durationMs: 10, bad: t > end - 60_000, timeout: false, shortCircuited: false });
    }
    const r = riskAt(calls, end)!;
    expect(r.baselineMinutes).toBe(11);
    expect(r.qps.current).toBe(1);
    expect(r.errorRate.current).toBe(1);
    expect(r.errorRate.z).toBeCloseTo(1 / 0.005, 6);
    expect(r.score).toBeCloseTo(0.4 * 0.5 + 0.35 + 0.25 * 0.5, 6);
  });
});
