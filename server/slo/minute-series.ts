import type { Counts } from './budget-math';

const MINUTE_MS = 60_000;

/**
 * Per-minute counts over [startMs, startMs + minutes·1 min) as prefix sums, so the count over any
 * window of whole minutes is two subtractions however long the window is. Integers stay exact in
 * a Float64Array up to 2^53.
 */
export interface MinuteSeries {
  startMs: number;
  minutes: number;
  /** cumTotal[i] = events in the first i minutes. */
  cumTotal: Float64Array;
  cumBad: Float64Array;
}

export interface MinuteCount {
  minuteMs: number;
  total: number;
  bad: number;
}

/** Dense series from sparse rows (minutes without rows had no events); rows outside are ignored. */
export function minuteSeries(startMs: number, endMs: number, rows: Iterable<MinuteCount>): MinuteSeries {
  const minutes = Math.max(0, Math.round((endMs - startMs) / MINUTE_MS));
  const total = new Float64Array(minutes);
  const bad = new Float64Array(minutes);
  for (const r of rows) {
    const i = Math.round((r.minuteMs - startMs) / MINUTE_MS);
    if (i < 0 || i >= minutes) continue;
    total[i]! += r.total;
    bad[i]! += r.bad;
  }
  return fromDense(startMs, total, bad);
}

function fromDense(startMs: number, total: Float64Array, bad: Float64Array): MinuteSeries {
  const cumTotal = new Float64Array(total.length + 1);
  const cumBad = new Float64Array(total.length + 1);
  for (let i = 0; i < total.length; i++) {
    cumTotal[i + 1] = cumTotal[i]! + total[i]!;
    cumBad[i + 1] = cumBad[i]! + bad[i]!;
  }
  return { startMs, minutes: total.length, cumTotal, cumBad };
}

function index(s: MinuteSeries, t: number): number {
  return Math.min(s.minutes, Math.max(0, Math.round((t - s.startMs) / MINUTE_MS)));
}

/** Counts over [fromMs, toMs), both minute boundaries; the parts outside the series count as empty. */
export function countsBetween(s: MinuteSeries, fromMs: number, toMs: number): Counts {
  const a = index(s, fromMs);
  const b = index(s, Math.max(fromMs, toMs));
  return { total: s.cumTotal[b]! - s.cumTotal[a]!, bad: s.cumBad[b]! - s.cumBad[a]! };
}

/** Events in one minute. */
function minuteAt(s: MinuteSeries, i: number): Counts {
  return { total: s.cumTotal[i + 1]! - s.cumTotal[i]!, bad: s.cumBad[i + 1]! - s.cumBad[i]! };
}

/**
 * Timeslices budgeting: each minute with events becomes one slice, bad when its good ratio is
 * below `sliceTarget`. Minutes without events are no slice at all, so a quiet night neither
 * earns nor spends budget.
 */
export function toTimeslices(s: MinuteSeries, sliceTarget: number): MinuteSeries {
  const total = new Float64Array(s.minutes);
  const bad = new Float64Array(s.minutes);
  for (let i = 0; i < s.minutes; i++) {
    const m = minuteAt(s, i);
    if (m.total === 0) continue;
    total[i] = 1;
    bad[i] = isBadSlice(m, sliceTarget) ? 1 : 0;
  }
  return fromDense(s.startMs, total, bad);
}

/** A slice is good when good/total meets the slice target; the SQL path uses the same comparison. */
export function isBadSlice(m: Counts, sliceTarget: number): boolean {
  return (m.total - m.bad) / m.total < sliceTarget;
}
