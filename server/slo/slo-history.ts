import { alertThresholds, evaluateAlert, type AlertState } from './alert-policy';
import { budgetRemaining, sliValue } from './budget-math';
import type { BurnRates } from './burn-windows';
import { burnRatesAt, type SloMath, type WindowCounter } from './evaluate-slo';
import { windowLookup } from './slo-window';

const MINUTE_MS = 60_000;

export interface HistoryPoint {
  /** Evaluation instant: the end of the bucket, epoch ms. */
  t: number;
  /** SLI of the requests (or minutes) in this bucket alone. */
  sliBucket: number | null;
  /** SLI over the SLO window ending at t. */
  sliWindow: number | null;
  budgetRemaining: number | null;
  burnRates: BurnRates;
  alert: AlertState;
  /** Burn-rate threshold of each alert rule at t (calendar periods differ in length). */
  thresholds: number[];
}

export interface AlertSegment {
  state: AlertState;
  startMs: number;
  endMs: number;
}

/**
 * The SLO evaluated at the end of every bucket of [fromMs, atMs): what the charts draw. Buckets
 * are aligned to the epoch like the other charts' and the last one ends at `atMs`.
 */
export function sloHistory(def: SloMath, count: WindowCounter, fromMs: number, atMs: number, bucketMs: number): HistoryPoint[] {
  const window = windowLookup(def.window);
  const points: HistoryPoint[] = [];
  for (let start = Math.floor(fromMs / bucketMs) * bucketMs; start < atMs; start += bucketMs) {
    const t = Math.min(start + bucketMs, atMs);
    const w = window(t);
    const inWindow = count(w.startMs, t);
    const bucket = count(Math.max(start, Math.floor(fromMs / MINUTE_MS) * MINUTE_MS), t);
    const { burnRates, events } = burnRatesAt(def, count, t);
    points.push({
      t,
      sliBucket: sliValue(bucket.budget),
      sliWindow: sliValue(inWindow.budget),
      budgetRemaining: budgetRemaining(inWindow.budget, def.objective),
      burnRates,
      alert: evaluateAlert(burnRates, events, w.periodMs, def.minEvents).state,
      thresholds: alertThresholds(w.periodMs).map((r) => r.threshold),
    });
  }
  return points;
}

function alertStateAt(def: SloMath, count: WindowCounter, periodMs: number, t: number): AlertState {
  const { burnRates, events } = burnRatesAt(def, count, t);
  return evaluateAlert(burnRates, events, periodMs, def.minEvents).state;
}

/**
 * When the state at `atMs` began, walking back minute by minute (as far as `fromMs`): the start
 * of the last run alertSegments would return, at the cost of the run's length only.
 */
export function alertRunStart(def: SloMath, count: WindowCounter, fromMs: number, atMs: number): { startMs: number; state: AlertState } {
  const window = windowLookup(def.window);
  const state = alertStateAt(def, count, window(atMs).periodMs, atMs);
  const first = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS;
  let start = atMs - MINUTE_MS;
  // Minute [start − 1 min, start) has the state evaluated at `start`.
  while (start > first && alertStateAt(def, count, window(start).periodMs, start) === state) start -= MINUTE_MS;
  return { startMs: start, state };
}

/**
 * The alert state minute by minute over [fromMs, atMs), merged into runs: minute [m, m+1) gets
 * the state evaluated at its end. Alerts can change every minute, so this is exact where a
 * per-bucket sample could miss a short page.
 */
export function alertSegments(def: SloMath, count: WindowCounter, fromMs: number, atMs: number): AlertSegment[] {
  const window = windowLookup(def.window);
  const segments: AlertSegment[] = [];
  for (let m = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS; m < atMs; m += MINUTE_MS) {
    const t = m + MINUTE_MS;
    const state = alertStateAt(def, count, window(t).periodMs, t);
    const last = segments[segments.length - 1];
    if (last && last.state === state) last.endMs = t;
    else segments.push({ state, startMs: m, endMs: t });
  }
  return segments;
}
