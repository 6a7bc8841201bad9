import { describe, expect, it } from 'vitest';
import type { SloMath, WindowCounter } from './evaluate-slo';
import { countsBetween, minuteSeries, type MinuteCount } from './minute-series';
import { alertRunStart, alertSegments, sloHistory } from './slo-history';
import { parseDurationShorthand } from './slo-window';

const M = 60_000;
const DAY_MS = 86_400_000;
const T0 = Date.UTC(2024, 5, 10, 12, 0);

const math: SloMath = { objective: 0.999, window: { kind: 'rolling', duration: parseDurationShorthand('28d')! }, minEvents: 100 };

/** 1000 requests every minute for 4 days up to T0 + 1 h; minutes T0, T0+1, T0+2 have 500 bad each. */
function steadyWithBurst(): WindowCounter {
  const rows: MinuteCount[] = [];
  for (let t = T0 - 4 * DAY_MS; t < T0 + 60 * M; t += M) rows.push({ minuteMs: t, total: 1000, bad: t >= T0 && t < T0 + 3 * M ? 500 : 0 });
  const s = minuteSeries(T0 - 4 * DAY_MS, T0 + 60 * M, rows);
  return (from, to) => ({ events: countsBetween(s, from, to), budget: countsBetween(s, from, to) });
}

describe('alert segments', () => {
  it('page from the minute both 1h and 5m exceed 13.44 until the 5m window is clean', () => {
    // At T0+1m: 5m = 500/5000 → 100, 1h = 500/60 000 → 8.3: below 13.44, no page yet.
    // At T0+2m: 1h = 1000/60 000 → 16.7, 5m = 1000/5000 → 200: page (minute [T0+1m, T0+2m)).
    // At T0+7m: 5m still holds minute T0+2m (500/5000 → 100), 1h = 1500/60 000 → 25: page.
    // At T0+8m: 5m = [T0+3m, T0+8m) is clean; 6h = 1500/360 000 → 4.2 < 5.6: no page.
    const segments = alertSegments(math, steadyWithBurst(), T0 - 10 * M, T0 + 30 * M);
    expect(segments).toEqual([
      { state: 'none', startMs: T0 - 10 * M, endMs: T0 + 1 * M },
      { state: 'page', startMs: T0 + 1 * M, endMs: T0 + 7 * M },
      { state: 'none', startMs: T0 + 7 * M, endMs: T0 + 30 * M },
    ]);
  });
});

describe('alert run start', () => {
  it('walks back to where the current state began, like the last segment', () => {
    const count = steadyWithBurst();
    expect(alertRunStart(math, count, T0 - 10 * M, T0 + 5 * M)).toEqual({ state: 'page', startMs: T0 + 1 * M });
    expect(alertRunStart(math, count, T0 - 10 * M, T0 + 30 * M)).toEqual({ state: 'none', startMs: T0 + 7 * M });
    expect(alertRunStart(math, count, T0 - 10 * M, T0 + 2 * M)).toEqual({ state: 'page', startMs: T0 + 1 * M });
    for (const at of [T0 + 3 * M, T0 + 7 * M, T0 + 8 * M, T0 + 20 * M]) {
      const last = alertSegments(math, count, T0 - 10 * M, at).at(-1)!;
      expect(alertRunStart(math, count, T0 - 10 * M, at)).toEqual({ state: last.state, startMs: last.startMs });
    }
  });

  it('stops at the start of the search when the state held all along', () => {
    expect(alertRunStart(math, steadyWithBurst(), T0 + 3 * M, T0 + 5 * M)).toEqual({ state: 'page', startMs: T0 + 3 * M });
  });
});

describe('history points', () => {
  it('one point per bucket end with the bucket SLI, window SLI, budget and burn rates', () => {
    const points = sloHistory(math, steadyWithBurst(), T0 - 10 * M, T0 + 20 * M, 10 * M);
    expect(points.map((p) => p.t)).toEqual([T0, T0 + 10 * M, T0 + 20 * M]);
    const [before, during, after] = points;
    expect(before!.sliBucket).toBe(1);
    expect(before!.alert).toBe('none');
    // Bucket [T0, T0+10m): 1500 bad of 10 000.
    expect(during!.sliBucket).toBeCloseTo(0.85, 12);
    expect(during!.burnRates['1h']).toBeCloseTo(25, 9);
    expect(during!.burnRates['5m']).toBe(0);
    // Window: 4 days of data (5 760 000 requests by T0+10m), 1500 bad.
    expect(during!.sliWindow).toBeCloseTo(1 - 1500 / (4 * 1440 * 1000 + 10 * 1000), 12);
    expect(during!.budgetRemaining).toBeCloseTo(1 - 1500 / 5_770_000 / 0.001, 9);
    expect(after!.sliBucket).toBe(1);
  });

  it('the last bucket ends at the evaluation instant', () => {
    const points = sloHistory(math, steadyWithBurst(), T0, T0 + 15 * M, 10 * M);
    expect(points.map((p) => p.t)).toEqual([T0 + 10 * M, T0 + 15 * M]);
  });
});
