import type { SentinelSettings } from './breaker-settings';
import { BucketWindow, pct, seconds } from './bucket-window';
import type { BreakerMachine } from './breaker-machine';

/**
 * Sentinel's DegradeRule: statistics over one statIntervalMs bucket; with ≥ minRequestAmount
 * requests, an error ratio or slow ratio strictly above its threshold (a slow ratio of 1 at a
 * threshold of 1 too), or an error count above `count`, opens the breaker. After timeWindow one
 * probe decides: an error (or a slow response) re-opens, anything else closes.
 */
export function sentinelMachine(s: SentinelSettings): BreakerMachine {
  const window = new BucketWindow(s.statIntervalMs, 1);
  const recoveryMs = s.timeWindowSeconds * 1000;
  let openedAt = 0;

  const failedCall = (bad: boolean, durationMs: number): boolean => (s.strategy === 'slowRatio' ? durationMs > s.count : bad);

  const tripReason = (total: number, failed: number): string | undefined => {
    const over = `over ${total} calls in ${seconds(s.statIntervalMs)}`;
    switch (s.strategy) {
      case 'errorRatio':
        return failed / total > s.count ? `error ratio ${pct(failed, total)} ${over} > ${pct(s.count, 1)}` : undefined;
      case 'errorCount':
        return failed > s.count ? `${failed} errors ${over} > ${s.count}` : undefined;
      case 'slowRatio': {
        const ratio = failed / total;
        const trips = ratio > s.slowRatioThreshold || (ratio === 1 && s.slowRatioThreshold === 1);
        return trips ? `slow ratio ${pct(failed, total)} (> ${seconds(s.count)}) ${over} > ${pct(s.slowRatioThreshold, 1)}` : undefined;
      }
    }
  };

  return {
    offer(call, state, go) {
      const failed = failedCall(call.bad, call.durationMs);
      if (state === 'OPEN') {
        if (call.atMs - openedAt < recoveryMs) return false;
        go('HALF_OPEN', `recovery time window of ${seconds(recoveryMs)} elapsed: one probe`);
        if (failed) {
          go('OPEN', s.strategy === 'slowRatio' ? `probe slow (${seconds(Math.round(call.durationMs))} > ${seconds(s.count)})` : 'probe failed');
          openedAt = call.atMs;
        } else {
          go('CLOSED', 'probe succeeded');
          window.reset();
        }
        return true;
      }
      window.add(call.atMs, failed, false);
      const t = window.totals(call.atMs);
      if (t.total < s.minRequestAmount) return true;
      const reason = tripReason(t.total, t.failed);
      if (reason) {
        go('OPEN', reason);
        openedAt = call.atMs;
      }
      return true;
    },
  };
}
