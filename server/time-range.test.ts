import { describe, expect, it } from 'vitest';
import { parseInstant, rangeProblem, timeRangeInput, withTimeRange } from './time-range';
import { z } from 'zod';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

describe('parseInstant', () => {
  it('reads epoch milliseconds as a number or digit string', () => {
    expect(parseInstant(1_795_300_000_123, NOW)).toBe(1_795_300_000_123);
    expect(parseInstant('1795300000123', NOW)).toBe(1_795_300_000_123);
    expect(parseInstant(0, NOW)).toBe(0);
  });

  it('reads ISO-8601 with and without zone, fraction and time', () => {
    expect(parseInstant('2026-11-22T12:00:00Z', NOW)).toBe(NOW);
    expect(parseInstant('2026-11-22T12:00:00.250Z', NOW)).toBe(NOW + 250);
    expect(parseInstant('2026-11-22T14:00:00+02:00', NOW)).toBe(NOW);
    expect(parseInstant('2026-11-22', NOW)).toBe(Date.UTC(2026, 10, 22));
  });

  it('resolves Grafana-style relative times against now', () => {
    expect(parseInstant('now', NOW)).toBe(NOW);
    expect(parseInstant('now-30s', NOW)).toBe(NOW - 30_000);
    expect(parseInstant('now-15m', NOW)).toBe(NOW - 900_000);
    expect(parseInstant('now-6h', NOW)).toBe(NOW - 21_600_000);
    expect(parseInstant('now-7d', NOW)).toBe(NOW - 604_800_000);
    expect(parseInstant('now-2w', NOW)).toBe(NOW - 1_209_600_000);
  });

  it('rejects everything else with a message naming the accepted forms', () => {
    for (const bad of ['yesterday', '1.5', 'now+1h', 'now-1y', '2026-13', 'May 3', '']) {
      const r = parseInstant(bad, NOW);
      expect(r, bad).toEqual({ error: expect.stringContaining('is not an ISO-8601 time, epoch milliseconds or now') });
    }
    expect(parseInstant(1.5, NOW)).toEqual({ error: '1.5 is not epoch milliseconds between 1970 and 3000' });
    expect(parseInstant(-1, NOW)).toEqual({ error: expect.stringContaining('is not epoch milliseconds') });
    // Nanoseconds by mistake: far beyond the year 3000.
    expect(parseInstant('1795300000123000000', NOW)).toEqual({ error: expect.stringContaining('is not epoch milliseconds') });
  });
});

describe('rangeProblem', () => {
  it('accepts ordered ranges up to 400 days', () => {
    expect(rangeProblem(0, 1)).toBeUndefined();
    expect(rangeProblem(NOW - 400 * 86_400_000, NOW)).toBeUndefined();
  });

  it('names the problem', () => {
    expect(rangeProblem(NOW, NOW)).toBe('"from" must be before "to"');
    expect(rangeProblem(NOW, NOW - 1)).toBe('"from" must be before "to"');
    expect(rangeProblem(NOW - 400 * 86_400_000 - 1, NOW)).toBe('the time range spans just over 400 days; at most 400 days are allowed');
    expect(rangeProblem(NOW - 401.5 * 86_400_000, NOW)).toBe('the time range spans 401.5 days; at most 400 days are allowed');
  });
});

describe('withTimeRange', () => {
  it('parses from/to into epoch ms next to the other fields', () => {
    const schema = withTimeRange({ service: z.string() });
    expect(schema.parse({ service: 'x', from: '2026-11-22T11:00:00Z', to: NOW })).toEqual({ service: 'x', from: NOW - 3_600_000, to: NOW });
  });

  it('resolves relative times at parse time', () => {
    const before = Date.now();
    const { from, to } = timeRangeInput.parse({ from: 'now-1h', to: 'now' });
    const after = Date.now();
    expect(to - from).toBe(3_600_000);
    expect(to).toBeGreaterThanOrEqual(before);
    expect(to).toBeLessThanOrEqual(after);
  });

  it('reports bad ranges on the "to" field and bad instants on their own field', () => {
    const reversed = timeRangeInput.safeParse({ from: NOW, to: NOW - 1 });
    expect(reversed.success).toBe(false);
    expect(reversed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['to', '"from" must be before "to"']]);
    const bad = timeRangeInput.safeParse({ from: 'soon', to: NOW });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['from']);
    expect(timeRangeInput.safeParse({ from: NOW }).success).toBe(false);
  });
});
