import type { HystrixSettings } from './breaker-settings';
import { BucketWindow, pct, seconds } from './bucket-window';
import type { BreakerMachine } from './breaker-machine';

/**
 * Hystrix: CLOSED opens when the rolling window holds ≥ requestVolumeThreshold calls and the
 * error percentage (timeouts included) is ≥ errorThresholdPercentage; OPEN lets one trial call
 * through once sleepWindow has passed, which closes (and clears the window) or re-opens it.
 */
export function hystrixMachine(s: HystrixSettings): BreakerMachine {
  const window = new BucketWindow(s.rollingWindowMs / s.buckets, s.buckets);
  let openedAt = 0;
  return {
    offer(call, state, go) {
      const timedOut = call.durationMs > s.timeoutMs;
      const failed = call.bad || timedOut;
      if (state === 'OPEN') {
        if (call.atMs - openedAt < s.sleepWindowMs) return false;
        go('HALF_OPEN', `sleep window of ${seconds(s.sleepWindowMs)} elapsed: one trial call`);
        if (failed) {
          go('OPEN', timedOut && !call.bad ? `trial call timed out (${seconds(Math.round(call.durationMs))} > ${seconds(s.timeoutMs)})` : 'trial call failed');
          openedAt = call.atMs;
        } else {
          go('CLOSED', 'trial call succeeded');
          window.reset();
        }
        return true;
      }
      window.add(call.atMs, failed, false);
      const t = window.totals(call.atMs);
      if (t.total >= s.requestVolumeThreshold && t.failed * 100 >= s.errorThresholdPercentage * t.total) {
        go('OPEN', `error rate ${pct(t.failed, t.total)} over ${t.total} calls in ${seconds(s.rollingWindowMs)} ≥ ${s.errorThresholdPercentage}%`);
        openedAt = call.atMs;
      }
      return true;
    },
  };
}
