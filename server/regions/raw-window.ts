import type { TimeRange } from '../time-range';

export interface RawWindow {
  fromMs: number;
  /** Where the covered time ends: `to`, or now when the range reaches into the future. */
  toMs: number;
  seconds: number;
}

/** The wall-clock time raw spans of a range can have happened in; rates divide by it. */
export function rawWindow(range: TimeRange, nowMs: number): RawWindow {
  const end = nowMs > range.from ? Math.min(range.to, nowMs) : range.to;
  const seconds = Math.max(1, (end - range.from) / 1000);
  return { fromMs: range.from, toMs: range.from + seconds * 1000, seconds };
}
