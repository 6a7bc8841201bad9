import { describe, expect, it } from 'vitest';
import { evaluateSlo, evaluationWindows, type SloMath, type WindowCounter } from './evaluate-slo';
import { countsBetween, minuteSeries, toTimeslices, type MinuteCount } from './minute-series';
import { parseDurationShorthand } from './slo-window';

const M = 60_000;
const DAY_MS = 86_400_000;
const AT = Date.UTC(2024, 5, 1, 12, 0);

function counter(rows: MinuteCount[], sliceTarget?: number): WindowCounter {
  const events = minuteSeries(AT - 40 * DAY_MS, AT, rows);
  const budget = sliceTarget === undefined ? events : toTimeslices(events, sliceTarget);
  return (from, to) => ({ events: countsBetween(events, from, to), budget: countsBetween(budget, from, to) });
}

const rolling = (d: string): SloMath => ({ objective: 0.999, window: { kind: 'rolling', duration: parseDurationShorthand(d)! }, minEvents: 100 });

/**
 * 2 days ago: 100 000 requests, all good. 30 min ago: 1000 requests, 30 bad. 2 min ago: 1000
 * requests, 40 bad. Windows (bad/total): 5m 40/1000, 30m..1d 70/2000, 3d and 28d 70/102 000.
 */
const rows: MinuteCount[] = [
  { minuteMs: AT - 2 * DAY_MS, total: 100_000, bad: 0 },
  { minuteMs: AT - 30 * M, total: 1000, bad: 30 },
  { minuteMs: AT - 2 * M, total: 1000, bad: 40 },
];

describe('evaluateSlo (occurrences)', () => {
  const s = evaluateSlo(rolling('28d'), counter(rows), AT);

  it('SLI and budget over the SLO window', () => {
    expect(s.events).toEqual({ total: 102_000, bad: 70 });
    expect(s.sliValue).toBeCloseTo(1 - 70 / 102_000, 12);
    // 1 − (70/102 000)/0.001 = 1 − 0.68627… = 0.31372…
    expect(s.errorBudgetRemaining).toBeCloseTo(0.3137254902, 9);
    expect(s.window).toEqual({ startMs: AT - 28 * DAY_MS, endMs: AT, periodMs: 28 * DAY_MS });
  });

  it('burn rate per trailing window', () => {
    expect(s.burnRates['5m']).toBeCloseTo(40, 9);
    expect(s.burnRates['30m']).toBeCloseTo(35, 9);
    expect(s.burnRates['1h']).toBeCloseTo(35, 9);
    expect(s.burnRates['6h']).toBeCloseTo(35, 9);
    expect(s.burnRates['1d']).toBeCloseTo(35, 9);
    expect(s.burnRates['3d']).toBeCloseTo(0.6862745098, 9);
  });

  it('alert and time to exhaustion', () => {
    // 1h 35 > 13.44 and 5m 40 > 13.44: page. 6h 35 > 5.6 and 30m 35 > 5.6: page as well.
    expect(s.alert).toBe('page');
    expect(s.firing.map((r) => r.long)).toEqual(['1h', '6h']);
    // 0.31372… × 672 h / 35 = 6.0235 h.
    expect(s.timeToExhaustionHours).toBeCloseTo(0.3137254902 * 672 / 35, 6);
    expect(s.thresholds.map((r) => r.threshold)).toEqual([expect.closeTo(13.44, 9), expect.closeTo(5.6, 9), expect.closeTo(0.9333333, 6)]);
  });

  it('the same data under a 30-day window uses 30-day factors', () => {
    const thirty = evaluateSlo(rolling('30d'), counter(rows), AT);
    expect(thirty.thresholds[0]!.threshold).toBeCloseTo(14.4, 9);
    expect(thirty.burnRates['1h']).toBeCloseTo(35, 9);
  });

  it('lists every window it reads, SLO window first', () => {
    expect(evaluationWindows(rolling('28d'), AT)).toEqual([
      { fromMs: AT - 28 * DAY_MS, toMs: AT },
      { fromMs: AT - 5 * M, toMs: AT },
      { fromMs: AT - 30 * M, toMs: AT },
      { fromMs: AT - 60 * M, toMs: AT },
      { fromMs: AT - 360 * M, toMs: AT },
      { fromMs: AT - 1440 * M, toMs: AT },
      { fromMs: AT - 4320 * M, toMs: AT },
    ]);
  });
});

describe('evaluateSlo (edge cases)', () => {
  it('overspent budget is negative; few events give insufficient_data, not a page', () => {
    const s = evaluateSlo(rolling('28d'), counter([{ minuteMs: AT - 3 * M, total: 50, bad: 50 }]), AT);
    expect(s.sliValue).toBe(0);
    expect(s.errorBudgetRemaining).toBeCloseTo(-999, 6);
    expect(s.burnRates['5m']).toBeCloseTo(1000, 6);
    expect(s.alert).toBe('insufficient_data');
    expect(s.timeToExhaustionHours).toBe(0);
  });

  it('no data at all: nulls, insufficient_data', () => {
    const s = evaluateSlo(rolling('28d'), counter([]), AT);
    expect(s.sliValue).toBeNull();
    expect(s.errorBudgetRemaining).toBeNull();
    expect(Object.values(s.burnRates).every((b) => b === null)).toBe(true);
    expect(s.alert).toBe('insufficient_data');
    expect(s.timeToExhaustionHours).toBeNull();
  });

  it('timeslices budget minutes, not requests', () => {
    // Ten busy minutes in the last hour; two of them miss 99 % good.
    const minutes: MinuteCount[] = Array.from({ length: 10 }, (_, i) => ({ minuteMs: AT - (i + 1) * 5 * M, total: 100, bad: i < 2 ? 5 : 0 }));
    const math: SloMath = { ...rolling('28d'), objective: 0.95 };
    const s = evaluateSlo(math, counter(minutes, 0.99), AT);
    expect(s.budgetUnits).toEqual({ total: 10, bad: 2 });
    expect(s.events).toEqual({ total: 1000, bad: 10 });
    expect(s.sliValue).toBeCloseTo(0.8, 12);
    // (2/10)/0.05 = 4 budgets: 3 overspent.
    expect(s.errorBudgetRemaining).toBeCloseTo(-3, 12);
    // 5m holds minute AT−5m (bad): 1 of 1 slices → 1/0.05 = 20.
    expect(s.burnRates['5m']).toBeCloseTo(20, 12);
    expect(s.burnRates['1h']).toBeCloseTo(4, 12);
  });

  it('a calendar window counts from the start of its period', () => {
    const math: SloMath = {
      objective: 0.999,
      minEvents: 100,
      window: { kind: 'calendar', duration: { count: 1, unit: 'M' }, anchor: { year: 2024, month: 1, day: 1, hour: 0, minute: 0, second: 0 }, timeZone: 'Asia/Shanghai' },
    };
    // AT = 1 June 2024 12:00 UTC = 20:00 in Shanghai: June began at 31 May 16:00 UTC.
    const s = evaluateSlo(math, counter([...rows, { minuteMs: Date.UTC(2024, 4, 31, 15, 59), total: 5000, bad: 5000 }]), AT);
    expect(s.window.startMs).toBe(Date.UTC(2024, 4, 31, 16));
    expect(s.window.periodMs).toBe(30 * DAY_MS);
    // Only the last 20 hours are in June: 2000 requests, 70 bad. The 5000 bad in May are not.
    expect(s.events).toEqual({ total: 2000, bad: 70 });
    expect(s.errorBudgetRemaining).toBeCloseTo(1 - 0.035 / 0.001, 9);
    // The 1d burn window reaches back into May: (70 + 5000)/(2000 + 5000).
    expect(s.burnRates['1d']).toBeCloseTo(5070 / 7000 / 0.001, 6);
  });
});
