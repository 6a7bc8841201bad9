import { describe, expect, it } from 'vitest';
import { dayEndMs, daysBetween, SETTLE_MS, staleDays, TODAY_REFRESH_MS } from './snapshot-days';

const now = Date.parse('2026-03-10T12:00:00Z');

describe('daily snapshot bookkeeping', () => {
  it('lists UTC days of a range', () => {
    expect(daysBetween(Date.parse('2026-03-08T23:00:00Z'), now)).toEqual(['2026-03-08', '2026-03-09', '2026-03-10']);
  });

  it('recomputes what is missing, today when old, unsettled past days, and days a late report changed', () => {
    const settled = dayEndMs('2026-03-07') + SETTLE_MS + 1;
    const computed = new Map([
      ['2026-03-07', settled],
      ['2026-03-08', dayEndMs('2026-03-08') + SETTLE_MS + 1],
      ['2026-03-09', dayEndMs('2026-03-09') + 1000], // computed before its spans settled, long ago
      ['2026-03-10', now - TODAY_REFRESH_MS + 1000], // fresh
    ]);
    const receipts = new Map([['2026-03-08', dayEndMs('2026-03-08') + SETTLE_MS + 5000]]); // a late upload dated the 8th
    expect(staleDays(['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11'], computed, receipts, now)).toEqual([
      '2026-03-06',
      '2026-03-08',
      '2026-03-09',
    ]);
    expect(staleDays(['2026-03-10'], new Map([['2026-03-10', now - TODAY_REFRESH_MS - 1]]), new Map(), now)).toEqual(['2026-03-10']);
  });
});
