import type { RollupWindow } from './buckets';
import { nsToMs, num, ratio } from './run';

/** Rows of the 1-minute rollup inside a window; bounds bound as `start`/`end` (unix seconds). */
export const IN_WINDOW = 'Minute >= toDateTime({start:UInt32}) AND Minute < toDateTime({end:UInt32})';

export function windowParams(window: RollupWindow): { start: number; end: number } {
  return { start: window.startMs / 1000, end: window.endMs / 1000 };
}

const HOUR_SECONDS = 3600;
const ROLLUP_COLUMNS = `ServiceName, Operation, SpanKind, Region, Az, Version, Role, PeerService,
    Calls, Errors, DurationSumNs, SlowOver100ms, SlowOver300ms, SlowOver1s, DurationQuantiles`;
const IN_WHOLE_HOURS = 'Minute >= toDateTime({hourStart:UInt32}) AND Minute < toDateTime({hourEnd:UInt32})';

/**
 * The rollup rows of a window for reads that aggregate over the whole window (not per bucket):
 * its whole hours from span_rollup_1h and the minutes before and after them from span_rollup_1m,
 * with the minute table's columns (`Minute` is the hour's start on hour rows). Sums are the
 * same as the minute table's; quantiles come from fewer, larger t-digests. Bind `tierParams`.
 */
export const ROLLUP_TIERS = `(
  SELECT Hour AS Minute, ${ROLLUP_COLUMNS} FROM span_rollup_1h
  WHERE Hour >= toDateTime({hourStart:UInt32}) AND Hour < toDateTime({hourEnd:UInt32})
  UNION ALL
  SELECT Minute, ${ROLLUP_COLUMNS} FROM span_rollup_1m
  WHERE ${IN_WINDOW} AND NOT (${IN_WHOLE_HOURS})
)`;

/** `windowParams` plus the whole hours inside the window (an empty span when there are none). */
export function tierParams(window: RollupWindow): { start: number; end: number; hourStart: number; hourEnd: number } {
  const { start, end } = windowParams(window);
  const hourStart = Math.ceil(start / HOUR_SECONDS) * HOUR_SECONDS;
  const hourEnd = Math.max(hourStart, Math.floor(end / HOUR_SECONDS) * HOUR_SECONDS);
  return { start, end, hourStart, hourEnd };
}

/**
 * The aggregate columns every rollup read selects. Calls/Errors were classified at insert time
 * by the rollup's materialized view with the SPEC §4 "bad call" rule.
 */
export const STATS_COLUMNS = `
  sum(Calls) AS calls,
  sum(Errors) AS errors,
  quantilesTDigestMerge(0.5, 0.9, 0.95, 0.99)(DurationQuantiles) AS q`;

export interface StatsRow {
  calls: string | number;
  errors: string | number;
  /** Nanoseconds at 0.5, 0.9, 0.95, 0.99; NaN or null entries when the group was empty. */
  q: Array<number | null>;
}

export interface CallStats {
  calls: number;
  errors: number;
  rps: number;
  /** errors / calls over the whole group (event-weighted, never an average of ratios). */
  errorRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export function toCallStats(row: StatsRow, seconds: number): CallStats {
  const calls = num(row.calls);
  const errors = num(row.errors);
  const quantile = (i: number) => (calls > 0 ? nsToMs(row.q[i]) : null);
  return {
    calls,
    errors,
    rps: calls / seconds,
    errorRate: ratio(errors, calls),
    p50Ms: quantile(0),
    p95Ms: quantile(2),
    p99Ms: quantile(3),
  };
}

export const EMPTY_STATS: CallStats = { calls: 0, errors: 0, rps: 0, errorRate: 0, p50Ms: null, p95Ms: null, p99Ms: null };
