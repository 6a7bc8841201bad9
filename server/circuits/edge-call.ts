/** One call over an edge (caller → callee), as read from the caller's CLIENT span. */
export interface EdgeCall {
  /** Completion time (span end), epoch ms: when a breaker learns the outcome. */
  atMs: number;
  durationMs: number;
  /** The SPEC §4 "bad call" rule: status ERROR, HTTP ≥ 500 or a failing gRPC status. */
  bad: boolean;
  /** A bad call that was a timeout (DEADLINE_EXCEEDED, HTTP 504, a *timeout* error.type). */
  timeout: boolean;
  /** Rejected by a breaker before reaching the callee (`circuit_breaker.state=open` / `error.type=circuit_open`). */
  shortCircuited: boolean;
}

/** Durations of the calls that reached the callee, in completion order. */
export function executedDurations(calls: readonly EdgeCall[]): number[] {
  const d: number[] = [];
  for (const c of calls) if (!c.shortCircuited) d.push(c.durationMs);
  return d;
}

export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface Transition {
  atMs: number;
  from: BreakerState;
  to: BreakerState;
  /** Why, in words: "error rate 62% over 21 calls ≥ 50%". */
  reason: string;
}
