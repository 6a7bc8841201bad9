const DAY_MS = 86_400_000;
/** Today's snapshot is rewritten at most this often. */
export const TODAY_REFRESH_MS = 5 * 60_000;
/** Spans of a day may still arrive this long after it ends (exporter retries, backfills). */
export const SETTLE_MS = 60 * 60_000;

export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** The last millisecond of a UTC day: a snapshot is the state as of then. */
export function dayEndMs(day: string): number {
  return dayStartMs(day) + DAY_MS - 1;
}

/** UTC days from the one holding `fromMs` to the one holding `toMs`, oldest first. */
export function daysBetween(fromMs: number, toMs: number): string[] {
  const out: string[] = [];
  for (let t = dayStartMs(dayOf(fromMs)); t <= toMs; t += DAY_MS) out.push(dayOf(t));
  return out;
}

/**
 * The days whose snapshot must be (re)computed: never computed; today, when older than a few
 * minutes; a past day computed before its data settled; or a day for which a report dated on or
 * before it arrived after it was computed (a late CI upload changes history).
 */
export function staleDays(
  days: string[],
  computedAt: Map<string, number>,
  latestReceiptByReportDay: Map<string, number>,
  nowMs: number,
): string[] {
  const today = dayOf(nowMs);
  const receipts = [...latestReceiptByReportDay].sort(([a], [b]) => a.localeCompare(b));
  return days.filter((day) => {
    if (day > today) return false;
    const at = computedAt.get(day);
    if (at === undefined) return true;
    if (day === today || at < dayEndMs(day) + SETTLE_MS) return nowMs - at > TODAY_REFRESH_MS;
    return receipts.some(([reportDay, received]) => reportDay <= day && received > at);
  });
}
