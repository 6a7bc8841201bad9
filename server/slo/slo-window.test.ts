import { describe, expect, it } from 'vitest';
import { alertThresholds } from './alert-policy';
import { calendarPeriod, describeWindow, parseDurationShorthand, windowAt, windowLookup, type CalendarWindow, type SloWindow } from './slo-window';
import { addWall, isTimeZone, wallAt, wallToUtc } from './zoned-time';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const midnight = { hour: 0, minute: 0, second: 0 };

function calendar(duration: string, timeZone: string, anchor: { year: number; month: number; day: number }): CalendarWindow {
  return { kind: 'calendar', duration: parseDurationShorthand(duration)!, anchor: { ...anchor, ...midnight }, timeZone };
}

describe('zoned wall time', () => {
  it('converts wall time to UTC with the zone offset', () => {
    expect(wallToUtc('Asia/Shanghai', { year: 2024, month: 3, day: 1, ...midnight })).toBe(Date.UTC(2024, 1, 29, 16));
    expect(wallToUtc('UTC', { year: 2024, month: 3, day: 1, ...midnight })).toBe(Date.UTC(2024, 2, 1));
    expect(wallToUtc('Asia/Kathmandu', { year: 2024, month: 1, day: 1, ...midnight })).toBe(Date.UTC(2023, 11, 31, 18, 15));
    expect(wallAt('Asia/Shanghai', Date.UTC(2024, 1, 29, 16))).toEqual({ year: 2024, month: 3, day: 1, ...midnight });
  });

  it('moves a skipped wall time forward by the gap (clocks going forward)', () => {
    // New York, 2024-03-10: 02:00 EST jumps to 03:00 EDT; 02:30 does not exist → 03:30 EDT.
    expect(wallToUtc('America/New_York', { year: 2024, month: 3, day: 10, hour: 2, minute: 30, second: 0 })).toBe(Date.UTC(2024, 2, 10, 7, 30));
  });

  it('takes the first of a repeated wall time (clocks going back)', () => {
    // New York, 2024-11-03: 01:30 happens in EDT (05:30Z) and again in EST (06:30Z).
    expect(wallToUtc('America/New_York', { year: 2024, month: 11, day: 3, hour: 1, minute: 30, second: 0 })).toBe(Date.UTC(2024, 10, 3, 5, 30));
    // Berlin, 2024-10-27: 02:30 happens in CEST (00:30Z) and again in CET (01:30Z).
    expect(wallToUtc('Europe/Berlin', { year: 2024, month: 10, day: 27, hour: 2, minute: 30, second: 0 })).toBe(Date.UTC(2024, 9, 27, 0, 30));
  });

  it('adds months with the day clamped to the month', () => {
    expect(addWall({ year: 2024, month: 1, day: 31, ...midnight }, { months: 1 })).toMatchObject({ year: 2024, month: 2, day: 29 });
    expect(addWall({ year: 2024, month: 11, day: 15, ...midnight }, { months: 3 })).toMatchObject({ year: 2025, month: 2, day: 15 });
    expect(addWall({ year: 2024, month: 3, day: 1, ...midnight }, { months: -3 })).toMatchObject({ year: 2023, month: 12, day: 1 });
    expect(addWall({ year: 2024, month: 2, day: 28, ...midnight }, { days: 2 })).toMatchObject({ year: 2024, month: 3, day: 1 });
  });

  it('knows IANA zone names', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});

describe('rolling windows', () => {
  it('are the trailing duration with that duration as the period', () => {
    const w: SloWindow = { kind: 'rolling', duration: parseDurationShorthand('28d')! };
    const at = Date.UTC(2024, 5, 1, 12, 34);
    expect(windowAt(w, at)).toEqual({ startMs: at - 28 * DAY_MS, endMs: at, periodMs: 28 * DAY_MS });
    expect(describeWindow(w)).toBe('rolling 28 days');
  });

  it('read OpenSLO duration shorthand (a month is 30 days)', () => {
    expect(parseDurationShorthand('28d')).toEqual({ count: 28, unit: 'd' });
    expect(windowAt({ kind: 'rolling', duration: parseDurationShorthand('1M')! }, 0).periodMs).toBe(30 * DAY_MS);
    expect(windowAt({ kind: 'rolling', duration: parseDurationShorthand('2w')! }, 0).periodMs).toBe(14 * DAY_MS);
    for (const bad of ['0d', '28', 'd', '1.5d', '28 d', '3y', '-1d']) expect(parseDurationShorthand(bad), bad).toBeUndefined();
  });
});

describe('calendar windows', () => {
  it('a month in Asia/Shanghai starts at local midnight on the 1st', () => {
    const w = calendar('1M', 'Asia/Shanghai', { year: 2024, month: 1, day: 1 });
    const at = Date.UTC(2024, 2, 15, 10);
    const b = windowAt(w, at);
    expect(b.startMs).toBe(Date.UTC(2024, 1, 29, 16));
    expect(b.endMs).toBe(at);
    expect(b.periodMs).toBe(31 * DAY_MS);
    // The factors follow the period: 2 % of a 31-day budget in 1 h is 14.88.
    expect(alertThresholds(b.periodMs)[0]!.threshold).toBeCloseTo(14.88, 10);
    expect(describeWindow(w)).toBe('calendar month (Asia/Shanghai)');
  });

  it('a month with a DST change is an hour short (New York, March 2024)', () => {
    const w = calendar('1M', 'America/New_York', { year: 2024, month: 1, day: 1 });
    const b = windowAt(w, Date.UTC(2024, 2, 20));
    expect(b.startMs).toBe(Date.UTC(2024, 2, 1, 5));
    expect(b.periodMs).toBe(31 * DAY_MS - HOUR_MS);
    expect(calendarPeriod(w, Date.UTC(2024, 2, 20)).endMs).toBe(Date.UTC(2024, 3, 1, 4));
  });

  it('a February in UTC is 28 or 29 days, so its factors differ from a 30-day window', () => {
    const w = calendar('1M', 'UTC', { year: 2020, month: 1, day: 1 });
    expect(windowAt(w, Date.UTC(2023, 1, 10)).periodMs).toBe(28 * DAY_MS);
    expect(windowAt(w, Date.UTC(2024, 1, 10)).periodMs).toBe(29 * DAY_MS);
    expect(alertThresholds(windowAt(w, Date.UTC(2023, 1, 10)).periodMs)[0]!.threshold).toBeCloseTo(13.44, 10);
  });

  it('weeks follow the anchor weekday and absorb the DST hour (Europe/Berlin)', () => {
    // 2024-01-01 was a Monday.
    const w = calendar('1w', 'Europe/Berlin', { year: 2024, month: 1, day: 1 });
    const after = windowAt(w, Date.UTC(2024, 9, 30, 12));
    expect(after.startMs).toBe(Date.UTC(2024, 9, 27, 23)); // Mon 28 Oct 00:00 CET
    expect(after.periodMs).toBe(7 * DAY_MS);
    const across = windowAt(w, Date.UTC(2024, 9, 24, 12));
    expect(across.startMs).toBe(Date.UTC(2024, 9, 20, 22)); // Mon 21 Oct 00:00 CEST
    expect(across.periodMs).toBe(7 * DAY_MS + HOUR_MS);
  });

  it('an evaluation exactly at a period boundary reports the period that just ended', () => {
    const w = calendar('1M', 'Asia/Shanghai', { year: 2024, month: 1, day: 1 });
    const aprilFirst = Date.UTC(2024, 2, 31, 16);
    expect(windowAt(w, aprilFirst).startMs).toBe(Date.UTC(2024, 1, 29, 16));
    expect(windowAt(w, aprilFirst + 60_000).startMs).toBe(aprilFirst);
  });

  it('periods also run backwards from the anchor, and month-end anchors clamp', () => {
    const w = calendar('1M', 'UTC', { year: 2024, month: 1, day: 31 });
    expect(calendarPeriod(w, Date.UTC(2024, 1, 15))).toEqual({ startMs: Date.UTC(2024, 0, 31), endMs: Date.UTC(2024, 1, 29) });
    expect(calendarPeriod(w, Date.UTC(2024, 1, 29, 12))).toEqual({ startMs: Date.UTC(2024, 1, 29), endMs: Date.UTC(2024, 2, 31) });
    expect(calendarPeriod(w, Date.UTC(2023, 11, 31, 12))).toEqual({ startMs: Date.UTC(2023, 11, 31), endMs: Date.UTC(2024, 0, 31) });
  });

  it('quarters and multi-day periods', () => {
    const q = calendar('1Q', 'UTC', { year: 2024, month: 1, day: 1 });
    expect(calendarPeriod(q, Date.UTC(2024, 4, 5))).toEqual({ startMs: Date.UTC(2024, 3, 1), endMs: Date.UTC(2024, 6, 1) });
    const d = calendar('7d', 'UTC', { year: 2024, month: 1, day: 3 });
    expect(calendarPeriod(d, Date.UTC(2024, 0, 12))).toEqual({ startMs: Date.UTC(2024, 0, 10), endMs: Date.UTC(2024, 0, 17) });
  });

  it('windowLookup matches windowAt minute by minute across a boundary', () => {
    const w = calendar('1d', 'Asia/Shanghai', { year: 2024, month: 1, day: 1 });
    const lookup = windowLookup(w);
    for (let t = Date.UTC(2024, 4, 1, 15, 55); t <= Date.UTC(2024, 4, 1, 16, 5); t += 60_000) expect(lookup(t)).toEqual(windowAt(w, t));
  });
});
