import type { Resilience4jSettings } from './breaker-settings';
import { BucketWindow, pct, seconds, type WindowCounts } from './bucket-window';
import type { BreakerMachine } from './breaker-machine';

/** The last `size` outcomes (Resilience4j's COUNT_BASED sliding window). */
class CountWindow {
  private readonly ring: Array<[boolean, boolean]> = [];
  private next = 0;

  constructor(private readonly size: number) {}

  add(failed: boolean, slow: boolean): void {
    if (this.ring.length < this.size) this.ring.push([failed, slow]);
    else this.ring[this.next] = [failed, slow];
    this.next = (this.next + 1) % this.size;
  }

  totals(): WindowCounts {
    let failed = 0;
    let slow = 0;
    for (const [f, s] of this.ring) {
      if (f) failed++;
      if (s) slow++;
    }
    return { total: this.ring.length, failed, slow };
  }

  reset(): void {
    this.ring.length = 0;
    this.next = 0;
  }
}

/**
 * Resilience4j: once the sliding window holds minimumNumberOfCalls (capped at the window size for
 * a count window), a failure rate or slow-call rate ≥ its threshold opens the breaker. After
 * waitDurationInOpenState, permittedNumberOfCallsInHalfOpenState trial calls decide by the same
 * two rates whether it closes or opens again.
 */
export function resilience4jMachine(s: Resilience4jSettings): BreakerMachine {
  const countBased = s.preset === 'resilience4j-count';
  const counts = new CountWindow(s.slidingWindowSize);
  const times = new BucketWindow(1000, s.slidingWindowSize);
  const minimumCalls = countBased ? Math.min(s.minimumNumberOfCalls, s.slidingWindowSize) : s.minimumNumberOfCalls;
  const windowLabel = countBased ? `the last ${s.slidingWindowSize} calls` : `${seconds(s.slidingWindowSize * 1000)}`;
  const trial: WindowCounts = { total: 0, failed: 0, slow: 0 };
  let openedAt = 0;

  /** Why the rates in `t` trip the breaker, or undefined when they do not. */
  const tripReason = (t: WindowCounts): string | undefined => {
    if (t.failed * 100 >= s.failureRateThreshold * t.total) return `failure rate ${pct(t.failed, t.total)} over ${t.total} calls ≥ ${s.failureRateThreshold}%`;
    if (t.slow * 100 >= s.slowCallRateThreshold * t.total) {
      return `slow-call rate ${pct(t.slow, t.total)} (> ${seconds(s.slowCallDurationThresholdMs)}) over ${t.total} calls ≥ ${s.slowCallRateThreshold}%`;
    }
    return undefined;
  };

  return {
    offer(call, state, go) {
      const slow = call.durationMs > s.slowCallDurationThresholdMs;
      if (state === 'OPEN') {
        if (call.atMs - openedAt < s.waitDurationInOpenStateMs) return false;
        go('HALF_OPEN', `waited ${seconds(s.waitDurationInOpenStateMs)} in OPEN: ${s.permittedNumberOfCallsInHalfOpenState} trial call(s)`);
        trial.total = trial.failed = trial.slow = 0;
        state = 'HALF_OPEN';
      }
      if (state === 'HALF_OPEN') {
        trial.total++;
        if (call.bad) trial.failed++;
        if (slow) trial.slow++;
        if (trial.total < s.permittedNumberOfCallsInHalfOpenState) return true;
        const reason = tripReason(trial);
        if (reason) {
          go('OPEN', `trial calls: ${reason}`);
          openedAt = call.atMs;
        } else {
          go('CLOSED', `trial calls: failure rate ${pct(trial.failed, trial.total)} < ${s.failureRateThreshold}%, slow-call rate ${pct(trial.slow, trial.total)} < ${s.slowCallRateThreshold}%`);
          counts.reset();
          times.reset();
        }
        return true;
      }
      let t: WindowCounts;
      if (countBased) {
        counts.add(call.bad, slow);
        t = counts.totals();
      } else {
        times.add(call.atMs, call.bad, slow);
        t = times.totals(call.atMs);
      }
      if (t.total < minimumCalls) return true;
      const reason = tripReason(t);
      if (reason) {
        go('OPEN', `${reason} (in ${windowLabel})`);
        openedAt = call.atMs;
      }
      return true;
    },
  };
}
