import { z } from 'zod';

export const MAX_RANGE_DAYS = 400;

/** The start of the minute holding `ms` (epoch ms): rollups count whole minutes. */
export const floorMinute = (ms: number) => Math.floor(ms / 60_000) * 60_000;
const DAY_MS = 86_400_000;

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS } as const;
const RELATIVE = /^now(?:-(\d{1,6})([smhdw]))?$/;
// Date.parse accepts almost anything ("1", "May"); only ISO-8601 dates are taken as dates.
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
// Epoch ms between 1970 and the year 3000; anything else is a unit mistake (seconds, ns).
const MAX_EPOCH_MS = 32_503_680_000_000;

/**
 * One instant of a time range: epoch milliseconds (number or digit string), an ISO-8601 string,
 * or a Grafana-style relative expression (`now`, `now-15m`, `now-7d`) resolved against `nowMs`,
 * so a shared link or a live-refreshing query keeps sliding with the clock.
 */
export function parseInstant(value: string | number, nowMs: number): number | { error: string } {
  if (typeof value === 'number' || /^\d+$/.test(value)) {
    const ms = Number(value);
    if (!Number.isSafeInteger(ms) || ms < 0 || ms > MAX_EPOCH_MS) {
      return { error: `${value} is not epoch milliseconds between 1970 and 3000` };
    }
    return ms;
  }
  const text = value.trim();
  const rel = RELATIVE.exec(text);
  if (rel) {
    const [, amount, unit] = rel;
    if (amount === undefined || unit === undefined) return nowMs;
    return nowMs - Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  }
  if (ISO.test(text)) {
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) return ms;
  }
  return { error: `"${text.slice(0, 40)}" is not an ISO-8601 time, epoch milliseconds or now[-<n><s|m|h|d|w>]` };
}

const instant = z.union([z.number(), z.string().max(64)]).transform((value, ctx) => {
  const parsed = parseInstant(value, Date.now());
  if (typeof parsed === 'number') return parsed;
  ctx.issues.push({ code: 'custom', message: parsed.error, input: value });
  return z.NEVER;
});

/** Checks a resolved range; the message says what is wrong in words a user understands. */
export function rangeProblem(fromMs: number, toMs: number): string | undefined {
  if (fromMs >= toMs) return '"from" must be before "to"';
  const days = (toMs - fromMs) / DAY_MS;
  if (days <= MAX_RANGE_DAYS) return undefined;
  // To the nearest tenth, but a range just over the limit must not read as exactly the limit.
  const shown = Math.round(days * 10) / 10;
  const spans = shown > MAX_RANGE_DAYS ? `${shown} days` : `just over ${MAX_RANGE_DAYS} days`;
  return `the time range spans ${spans}; at most ${MAX_RANGE_DAYS} days are allowed`;
}

/**
 * The input of every list procedure: the given fields plus `from`/`to`, which come out of the
 * parse as epoch milliseconds. One schema so every procedure rejects bad ranges the same way.
 */
export function withTimeRange<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object({ ...shape, from: instant, to: instant }).superRefine((value, ctx) => {
    // With a generic Shape TypeScript cannot see that from/to survive the merge; they always do.
    const { from, to } = value as unknown as TimeRange;
    const problem = rangeProblem(from, to);
    if (problem) ctx.addIssue({ code: 'custom', path: ['to'], message: problem });
  });
}

export const timeRangeInput = withTimeRange({});

export interface TimeRange {
  from: number;
  to: number;
}
