import { quantile } from 'simple-statistics';
import { replayBreaker, type ReplayResult } from './breaker-replay';
import { slowThresholdMs, type BreakerSettings } from './breaker-settings';
import { executedDurations, type BreakerState, type EdgeCall, type Transition } from './edge-call';
import { riskAt, type RiskScore } from './risk-score';

export interface CallCounts {
  /** Calls that reached the callee (everything but short-circuited ones). */
  executed: number;
  success: number;
  /** Bad calls other than timeouts. */
  failure: number;
  timeout: number;
  /** Calls a breaker short-circuited, as the spans report them; never counted as failures. */
  shortCircuited: number;
  /** Calls over the preset's slow threshold (Hystrix: its timeout), whatever their outcome. */
  slow: number;
  /** Calls the replayed breaker would have rejected while OPEN. */
  rejected: number;
}

export interface StateSegment {
  state: BreakerState;
  startMs: number;
  endMs: number;
}

export interface EdgeSummary {
  caller: string;
  callee: string;
  preset: BreakerSettings['preset'];
  state: BreakerState;
  /** When the current state began (possibly before the range); null if never left CLOSED. */
  stateSinceMs: number | null;
  rps: number;
  /** Bad executed calls / executed calls in the range. */
  errorRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  counts: CallCounts;
  riskScore: number | null;
  risk: RiskScore | null;
  /** Transitions inside the range, oldest first. */
  transitions: Transition[];
  /** The state over the range, as contiguous segments. */
  segments: StateSegment[];
}

export interface Range {
  fromMs: number;
  toMs: number;
}

const within = (t: number, r: Range): boolean => t >= r.fromMs && t < r.toMs;

export function countCalls(calls: readonly EdgeCall[], settings: BreakerSettings, rejectedAtMs: readonly number[]): CallCounts {
  const slowMs = slowThresholdMs(settings);
  const c: CallCounts = { executed: 0, success: 0, failure: 0, timeout: 0, shortCircuited: 0, slow: 0, rejected: rejectedAtMs.length };
  for (const call of calls) {
    if (call.shortCircuited) {
      c.shortCircuited++;
      continue;
    }
    c.executed++;
    if (call.timeout) c.timeout++;
    else if (call.bad) c.failure++;
    else c.success++;
    if (slowMs !== null && call.durationMs > slowMs) c.slow++;
  }
  return c;
}

/** Selection places just the order statistics each quantile reads, without sorting every call (an hour is ~10^5). */
export function percentiles(calls: readonly EdgeCall[]): { p50Ms: number | null; p95Ms: number | null; p99Ms: number | null } {
  const d = executedDurations(calls);
  if (d.length === 0) return { p50Ms: null, p95Ms: null, p99Ms: null };
  const [p50Ms, p95Ms, p99Ms] = quantile(d, [0.5, 0.95, 0.99]);
  return { p50Ms: p50Ms ?? null, p95Ms: p95Ms ?? null, p99Ms: p99Ms ?? null };
}

/** Contiguous state segments over the range, from the state at its start and its transitions. */
export function stateSegments(all: readonly Transition[], range: Range): StateSegment[] {
  let state: BreakerState = 'CLOSED';
  for (const t of all) if (t.atMs < range.fromMs) state = t.to;
  const segments: StateSegment[] = [];
  let start = range.fromMs;
  for (const t of all) {
    if (!within(t.atMs, range)) continue;
    if (t.atMs > start) segments.push({ state, startMs: start, endMs: t.atMs });
    state = t.to;
    start = t.atMs;
  }
  segments.push({ state, startMs: start, endMs: range.toMs });
  return segments;
}

/** The calls the breaker has seen by the range's end. */
export const upTo = (calls: readonly EdgeCall[], range: Range): EdgeCall[] => calls.filter((c) => c.atMs < range.toMs);

/**
 * One edge over the range. `calls` (completion order) may begin before the range: the breaker is
 * replayed from the first of them, so the state at the range's start is already warmed up, and
 * the risk baseline can reach an hour back.
 */
export function summarizeEdge(
  caller: string,
  callee: string,
  calls: readonly EdgeCall[],
  settings: BreakerSettings,
  range: Range,
  replay?: ReplayResult,
): EdgeSummary {
  const upToEnd = upTo(calls, range);
  replay ??= replayBreaker(upToEnd, settings);
  const inRange = upToEnd.filter((c) => c.atMs >= range.fromMs);
  const counts = countCalls(inRange, settings, replay.rejectedAtMs.filter((t) => t >= range.fromMs));
  const bad = counts.failure + counts.timeout;
  const last = replay.transitions[replay.transitions.length - 1];
  const risk = riskAt(upToEnd, range.toMs);
  return {
    caller,
    callee,
    preset: settings.preset,
    state: replay.state,
    stateSinceMs: last?.atMs ?? null,
    rps: counts.executed / ((range.toMs - range.fromMs) / 1000),
    errorRate: counts.executed > 0 ? bad / counts.executed : 0,
    ...percentiles(inRange),
    counts,
    riskScore: risk?.score ?? null,
    risk,
    transitions: replay.transitions.filter((t) => within(t.atMs, range)),
    segments: stateSegments(replay.transitions, range),
  };
}
