/**
 * A minimal Hystrix breaker replay (10 × 1 s buckets, ≥ 20 requests, ≥ 50 % errors, 5 s sleep,
 * one probe) used to check that the demo's inventory episode really trips and heals a breaker.
 * Sightline's own replay lives in server/; this one only guards the demo's ground truth.
 */

export interface Call {
  /** Completion time: when Hystrix records the outcome. */
  atMs: number;
  bad: boolean;
}

export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface Transition {
  atMs: number;
  from: BreakerState;
  to: BreakerState;
}

export function replayHystrix(calls: readonly Call[], opts = { windowMs: 10_000, buckets: 10, minRequests: 20, errorPct: 50, sleepMs: 5000 }): Transition[] {
  const sorted = [...calls].sort((a, b) => a.atMs - b.atMs);
  const bucketMs = opts.windowMs / opts.buckets;
  const transitions: Transition[] = [];
  // Widened on purpose: `go` changes it behind the compiler's back.
  let state = 'CLOSED' as BreakerState;
  let openedAt = 0;
  // Rolling window: bucket index → [total, bad].
  let window = new Map<number, [number, number]>();
  const go = (atMs: number, to: BreakerState): void => {
    transitions.push({ atMs, from: state, to });
    state = to;
  };
  for (const call of sorted) {
    if (state === 'OPEN') {
      if (call.atMs - openedAt < opts.sleepMs) continue; // short-circuited
      go(call.atMs, 'HALF_OPEN');
      if (call.bad) {
        go(call.atMs, 'OPEN');
        openedAt = call.atMs;
      } else {
        go(call.atMs, 'CLOSED');
        window = new Map();
      }
      continue;
    }
    const bucket = Math.floor(call.atMs / bucketMs);
    for (const k of window.keys()) if (k <= bucket - opts.buckets) window.delete(k);
    const b = window.get(bucket) ?? [0, 0];
    b[0]++;
    if (call.bad) b[1]++;
    window.set(bucket, b);
    let total = 0;
    let bad = 0;
    for (const [t, e] of window.values()) {
      total += t;
      bad += e;
    }
    if (total >= opts.minRequests && (bad / total) * 100 >= opts.errorPct) {
      go(call.atMs, 'OPEN');
      openedAt = call.atMs;
    }
  }
  return transitions;
}
