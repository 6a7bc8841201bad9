import { errorFunction, mean, quantile, standardDeviation } from 'simple-statistics';
import { executedDurations, type EdgeCall } from './edge-call';

/**
 * The platform team's dynamic-threshold model (SPEC §5.2): the last minute's QPS, error rate and
 * P95 against the edge's own trailing hour, each z-score mapped through the normal CDF.
 */

const RISK_WEIGHTS = { qps: 0.4, errorRate: 0.35, p95: 0.25 } as const;
const FULL_BREAK_ABOVE = 0.85;
const HALF_OPEN_FROM = 0.7;
const MINUTE_MS = 60_000;
const BASELINE_MINUTES = 60;
/** Fewer baseline minutes with calls than this give no score rather than a noisy one. */
const MIN_BASELINE_MINUTES = 10;

export type Recommendation = 'full_break' | 'half_open_50' | 'normal';

export interface RiskComponent {
  current: number;
  baselineMean: number;
  baselineStd: number;
  z: number;
  /** Φ(z), in [0, 1]. */
  p: number;
}

export interface RiskScore {
  score: number;
  recommendation: Recommendation;
  qps: RiskComponent;
  errorRate: RiskComponent;
  p95Ms: RiskComponent;
  weights: typeof RISK_WEIGHTS;
  baselineMinutes: number;
}

export interface MinuteStat {
  calls: number;
  bad: number;
  p95Ms: number | null;
}

function normalCdf(z: number): number {
  return 0.5 + 0.5 * errorFunction(Math.max(-8, Math.min(8, z)) / Math.SQRT2);
}

/**
 * A perfectly steady baseline has a standard deviation of 0, which would turn any wobble into
 * certainty; each metric's spread is therefore at least a small, metric-appropriate floor.
 */
function component(current: number, baseline: number[], floor: (mean: number) => number): RiskComponent {
  const m = mean(baseline);
  const std = Math.max(baseline.length > 1 ? standardDeviation(baseline) : 0, floor(m));
  const z = (current - m) / std;
  return { current, baselineMean: m, baselineStd: std, z, p: normalCdf(z) };
}

export function recommend(score: number): Recommendation {
  if (score > FULL_BREAK_ABOVE) return 'full_break';
  if (score >= HALF_OPEN_FROM) return 'half_open_50';
  return 'normal';
}

/** The score from one current minute and the baseline minutes; null without enough baseline. */
export function riskFromMinutes(current: MinuteStat, baseline: readonly MinuteStat[]): RiskScore | null {
  const active = baseline.filter((m) => m.calls > 0);
  if (active.length < MIN_BASELINE_MINUTES) return null;
  const p95s = active.map((m) => m.p95Ms).filter((v): v is number => v !== null);
  const qps = component(current.calls / 60, baseline.map((m) => m.calls / 60), (m) => Math.max(0.05 * m, 0.01));
  const errorRate = component(current.calls > 0 ? current.bad / current.calls : 0, active.map((m) => m.bad / m.calls), () => 0.005);
  const p95Ms = component(current.p95Ms ?? mean(p95s), p95s, (m) => Math.max(0.05 * m, 1));
  const score = RISK_WEIGHTS.qps * qps.p + RISK_WEIGHTS.errorRate * errorRate.p + RISK_WEIGHTS.p95 * p95Ms.p;
  return { score, recommendation: recommend(score), qps, errorRate, p95Ms, weights: RISK_WEIGHTS, baselineMinutes: baseline.length };
}

function statOf(calls: readonly EdgeCall[]): MinuteStat {
  const durations = executedDurations(calls);
  return {
    calls: durations.length,
    bad: calls.filter((c) => c.bad && !c.shortCircuited).length,
    p95Ms: durations.length > 0 ? quantile(durations, 0.95) : null,
  };
}

/**
 * The risk at `endMs` from calls in completion order: the minute ending at endMs against the 60
 * minutes before it. Baseline minutes before the edge's first call are left out, so a new edge is
 * not compared with a time it did not exist.
 */
export function riskAt(calls: readonly EdgeCall[], endMs: number): RiskScore | null {
  const first = calls[0];
  if (!first) return null;
  const minutes: EdgeCall[][] = Array.from({ length: BASELINE_MINUTES + 1 }, () => []);
  const startMs = endMs - (BASELINE_MINUTES + 1) * MINUTE_MS;
  for (const c of calls) {
    if (c.atMs <= startMs || c.atMs > endMs) continue;
    minutes[Math.min(BASELINE_MINUTES, Math.floor((c.atMs - startMs - 1) / MINUTE_MS))]!.push(c);
  }
  const baseline: MinuteStat[] = [];
  for (let i = 0; i < BASELINE_MINUTES; i++) {
    if (startMs + (i + 1) * MINUTE_MS < first.atMs) continue;
    baseline.push(statOf(minutes[i]!));
  }
  return riskFromMinutes(statOf(minutes[BASELINE_MINUTES]!), baseline);
}
