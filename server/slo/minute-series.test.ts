import { describe, expect, it } from 'vitest';
import { countsBetween, minuteSeries, toTimeslices } from './minute-series';

const M = 60_000;

describe('minute series', () => {
  const s = minuteSeries(10 * M, 20 * M, [
    { minuteMs: 10 * M, total: 100, bad: 1 },
    { minuteMs: 12 * M, total: 50, bad: 5 },
    { minuteMs: 12 * M, total: 50, bad: 5 }, // a second row for the same minute adds up
    { minuteMs: 19 * M, total: 7, bad: 7 },
    { minuteMs: 25 * M, total: 1000, bad: 1000 }, // outside: ignored
  ]);

  it('sums any whole-minute window', () => {
    expect(countsBetween(s, 10 * M, 20 * M)).toEqual({ total: 207, bad: 18 });
    expect(countsBetween(s, 11 * M, 13 * M)).toEqual({ total: 100, bad: 10 });
    expect(countsBetween(s, 13 * M, 19 * M)).toEqual({ total: 0, bad: 0 });
    expect(countsBetween(s, 19 * M, 20 * M)).toEqual({ total: 7, bad: 7 });
  });

  it('counts what lies outside the series as empty', () => {
    expect(countsBetween(s, 0, 11 * M)).toEqual({ total: 100, bad: 1 });
    expect(countsBetween(s, 15 * M, 40 * M)).toEqual({ total: 7, bad: 7 });
    expect(countsBetween(s, 30 * M, 40 * M)).toEqual({ total: 0, bad: 0 });
  });
});

describe('timeslices', () => {
  it('one slice per minute with events, bad when its good ratio misses the slice target', () => {
    const events = minuteSeries(0, 5 * M, [
      { minuteMs: 0, total: 100, bad: 0 }, // 100 % good
      { minuteMs: 1 * M, total: 100, bad: 2 }, // 98 % < 99 %: bad slice
      { minuteMs: 2 * M, total: 100, bad: 1 }, // 99 % meets 99 %: good slice
      // minute 3: no requests, no slice
      { minuteMs: 4 * M, total: 3, bad: 3 }, // 0 %: bad slice
    ]);
    const slices = toTimeslices(events, 0.99);
    expect(countsBetween(slices, 0, 5 * M)).toEqual({ total: 4, bad: 2 });
    expect(countsBetween(slices, 2 * M, 4 * M)).toEqual({ total: 1, bad: 0 });
  });
});
