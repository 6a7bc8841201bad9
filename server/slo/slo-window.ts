import { addWall, wallAsUtc, wallAt, wallToUtc, type WallTime } from './zoned-time';

/** OpenSLO duration shorthand units: minute, hour, day, week, month, quarter, year. */
export type DurationUnit = 'm' | 'h' | 'd' | 'w' | 'M' | 'Q' | 'Y';

export interface DurationShorthand {
  count: number;
  unit: DurationUnit;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Rolling lengths as OpenSLO defines them: a month is 30 days, a quarter 90, a year 365. */
const ROLLING_MS: Record<DurationUnit, number> = {
  m: MINUTE_MS,
  h: 60 * MINUTE_MS,
  d: DAY_MS,
  w: 7 * DAY_MS,
  M: 30 * DAY_MS,
  Q: 90 * DAY_MS,
  Y: 365 * DAY_MS,
};

export function parseDurationShorthand(text: string): DurationShorthand | undefined {
  const m = /^([1-9]\d{0,5})([mhdwMQY])$/.exec(text);
  return m ? { count: Number(m[1]), unit: m[2] as DurationUnit } : undefined;
}

export function rollingMs(d: DurationShorthand): number {
  return d.count * ROLLING_MS[d.unit];
}

export interface CalendarWindow {
  kind: 'calendar';
  /** Calendar units only: d, w, M or Q. */
  duration: DurationShorthand;
  /** Wall time in `timeZone` that one period starts at; the others follow back to back. */
  anchor: WallTime;
  timeZone: string;
}

export type SloWindow = { kind: 'rolling'; duration: DurationShorthand } | CalendarWindow;

/** The part of the period an evaluation at `atMs` covers, and the whole period's length. */
export interface WindowBounds {
  startMs: number;
  /** The evaluation instant (exclusive end). */
  endMs: number;
  /** Length of the full period: the `period` of the burn-rate thresholds. */
  periodMs: number;
}

function calendarStep(d: DurationShorthand, k: number): { days?: number; months?: number } {
  switch (d.unit) {
    case 'd':
      return { days: k * d.count };
    case 'w':
      return { days: 7 * k * d.count };
    case 'M':
      return { months: k * d.count };
    case 'Q':
      return { months: 3 * k * d.count };
    default:
      throw new Error(`calendar windows are days, weeks, months or quarters, not "${d.count}${d.unit}"`);
  }
}

/** Start of the k-th period after (or, negative, before) the anchor. */
function periodStart(w: CalendarWindow, k: number): number {
  return wallToUtc(w.timeZone, addWall(w.anchor, calendarStep(w.duration, k)));
}

/** The calendar period holding the instant `t`, as [start, end). */
export function calendarPeriod(w: CalendarWindow, t: number): { startMs: number; endMs: number } {
  // A first guess from wall-clock distance, then exact steps: periods are not all the same length.
  const approxUnitMs = w.duration.unit === 'd' ? DAY_MS : w.duration.unit === 'w' ? 7 * DAY_MS : w.duration.unit === 'M' ? 30.44 * DAY_MS : 91.31 * DAY_MS;
  const distance = wallAsUtc(wallAt(w.timeZone, t)) - wallAsUtc(w.anchor);
  let k = Math.floor(distance / (approxUnitMs * w.duration.count));
  while (periodStart(w, k) > t) k--;
  while (periodStart(w, k + 1) <= t) k++;
  return { startMs: periodStart(w, k), endMs: periodStart(w, k + 1) };
}

/**
 * The SLO window as of `atMs` (a minute boundary, exclusive). Rolling: the trailing duration.
 * Calendar: from the start of the period that holds the last included minute, so an evaluation
 * exactly at midnight still reports the day that just ended rather than an empty new one.
 */
export function windowAt(w: SloWindow, atMs: number): WindowBounds {
  if (w.kind === 'rolling') {
    const periodMs = rollingMs(w.duration);
    return { startMs: atMs - periodMs, endMs: atMs, periodMs };
  }
  const period = calendarPeriod(w, atMs - 1);
  return { startMs: period.startMs, endMs: atMs, periodMs: period.endMs - period.startMs };
}

/**
 * windowAt for many instants in time order: calendar periods are looked up once per period
 * rather than once per minute (each lookup formats dates in the time zone).
 */
export function windowLookup(w: SloWindow): (atMs: number) => WindowBounds {
  if (w.kind === 'rolling') return (atMs) => windowAt(w, atMs);
  let period: { startMs: number; endMs: number } | undefined;
  return (atMs) => {
    const t = atMs - 1;
    if (!period || t < period.startMs || t >= period.endMs) period = calendarPeriod(w, t);
    return { startMs: period.startMs, endMs: atMs, periodMs: period.endMs - period.startMs };
  };
}

/** "rolling 28 days", "calendar month (Asia/Shanghai)". */
export function describeWindow(w: SloWindow): string {
  const names: Record<DurationUnit, string> = { m: 'minute', h: 'hour', d: 'day', w: 'week', M: 'month', Q: 'quarter', Y: 'year' };
  const { count, unit } = w.duration;
  const span = count === 1 ? names[unit] : `${count} ${names[unit]}s`;
  return w.kind === 'rolling' ? `rolling ${span}` : `calendar ${span} (${w.timeZone})`;
}
