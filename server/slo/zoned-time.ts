/**
 * Wall-clock time in an IANA time zone, with nothing but Intl: enough for calendar SLO windows
 * (period boundaries at local midnight), including days that are 23 or 25 hours long.
 */

export interface WallTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading in `timeZone` at an instant. */
export function wallAt(timeZone: string, utcMs: number): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(utcMs)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** A wall time read as if it were UTC: the arithmetic domain for calendar steps. */
export function wallAsUtc(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** Local minus UTC at an instant, in ms (+8 h for Asia/Shanghai). */
function offsetAt(timeZone: string, utcMs: number): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  return wallAsUtc(wallAt(timeZone, whole)) - whole;
}

/**
 * The instant a wall time happens in `timeZone`. An ambiguous time (clocks going back) resolves
 * to its first occurrence, a skipped one (clocks going forward) to the instant the same distance
 * after the gap began, like JavaScript's Temporal 'compatible' disambiguation.
 */
export function wallToUtc(timeZone: string, w: WallTime): number {
  const local = wallAsUtc(w);
  // Offsets a day either side bracket any single transition near this wall time.
  const before = offsetAt(timeZone, local - 86_400_000);
  const after = offsetAt(timeZone, local + 86_400_000);
  const candidates = [local - before, local - after].filter((t) => offsetAt(timeZone, t) === local - t);
  return candidates.length > 0 ? Math.min(...candidates) : local - before;
}

/** Adds whole days, months or years to a wall time (day clamped to the month's length). */
export function addWall(w: WallTime, amount: { days?: number; months?: number }): WallTime {
  const months = w.year * 12 + (w.month - 1) + (amount.months ?? 0);
  const year = Math.floor(months / 12);
  const month = (months % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const shifted = new Date(Date.UTC(year, month - 1, Math.min(w.day, lastDay) + (amount.days ?? 0), w.hour, w.minute, w.second));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}
